import type { BrowserContext, Page, Worker } from "@playwright/test";
import { contentScriptReady, registeredPatterns, runsInNewestTab } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { DEMO_LOGIN, servePage } from "./support/page-server";

const CORP = "otpauth://totp/Example%20Corp:alice?secret=MFRGGZDFMZTWQ2LK&issuer=Example%20Corp";

let server: Awaited<ReturnType<typeof servePage>>;
let pageUrl: string;
/** The same page under a host no account is bound to. */
let unboundUrl: string;

test.beforeAll(async () => {
  server = await servePage(DEMO_LOGIN);
  pageUrl = server.url;
  unboundUrl = pageUrl.replace("//localhost:", "//127.0.0.1:");
});
test.afterAll(() => server.close());

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForLoadState("load");
  return page;
}

/** Clicks the code field once Twofold's script runs, and waits for the code. */
async function clickFills(page: Page, worker: Worker): Promise<void> {
  // The background registers on its own (at start, or as the binding is saved): wait for that, never trigger it.
  await expect.poll(() => registeredPatterns(worker)).toContain("*://localhost/*");
  await page.bringToFront();
  await contentScriptReady(page, worker, { sync: false });
  await page.click("#otp");
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
}

/** An account bound to localhost is in the store before the browser starts, as after a restart. */
const boundBeforeStart = test.extend({
  world: async ({ world }, use) => {
    world.cli(["add", CORP, "--domain", "localhost"]);
    await use(world);
  },
});

boundBeforeStart(
  "the script is registered for the bound site alone: it fills there, and another site never runs it",
  async ({ context, serviceWorker }) => {
    const unbound = await open(context, unboundUrl);
    const bound = await open(context, pageUrl);
    await clickFills(bound, serviceWorker);
    expect(await registeredPatterns(serviceWorker)).toEqual(["*://*.localhost/*", "*://localhost/*"]);
    await bound.close();
    // The unbound page loaded before the bound one filled, so a registered script would have run by now.
    await unbound.bringToFront();
    expect(await runsInNewestTab(serviceWorker)).toBe(false);
    const manifest = await serviceWorker.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { getManifest(): object } } }).chrome.runtime.getManifest(),
    );
    expect(manifest).not.toHaveProperty("content_scripts");
  },
);

test("a site bound on the options page fills at once: in the tab already open and in the next, without a reload", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  world.cli(["add", CORP]);
  const before = await open(context, pageUrl);
  // Nothing is bound yet: the page (the newest tab) has no Twofold code in it.
  expect(await runsInNewestTab(serviceWorker)).toBe(false);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const account = options.locator("li.account").filter({ hasText: "Example Corp" });
  await expect(account.getByText("No sites")).toBeVisible();

  await account.getByLabel("Add a site for Example Corp (alice)").fill("localhost");
  await account.getByRole("button", { name: "Add site" }).click();
  await expect(account.locator(".binding")).toContainText("localhost");
  await options.close();

  await clickFills(before, serviceWorker);
  const next = await open(context, pageUrl);
  await clickFills(next, serviceWorker);
});
