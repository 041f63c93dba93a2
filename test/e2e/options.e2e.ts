import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page, Worker } from "@playwright/test";
import { contentScriptReady } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { DEMO_LOGIN, servePage } from "./support/page-server";

const CORP = "otpauth://totp/Example%20Corp:alice?secret=MFRGGZDFMZTWQ2LK&issuer=Example%20Corp";

let server: Awaited<ReturnType<typeof servePage>>;
let pageUrl: string;

test.beforeAll(async () => {
  server = await servePage(DEMO_LOGIN);
  pageUrl = server.url;
});
test.afterAll(() => server.close());

/**
 * Opens the sign-in page in a new tab (the newest tab is where
 * `contentScriptReady` looks), waits for Twofold's content script there, and
 * clicks the code field.
 */
async function openAndClick(context: BrowserContext, worker: Worker): Promise<Page> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  await contentScriptReady(page, worker);
  await page.click("#otp");
  return page;
}

/** A fill shows as the field's value; waiting for it is waiting for state. */
async function expectFilled(context: BrowserContext, worker: Worker): Promise<void> {
  const page = await openAndClick(context, worker);
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
  await page.close();
}

/**
 * That nothing is filled has no event to wait for: the script is known to be
 * running, so give a fill the time it takes when it does happen, then look.
 */
async function expectNotFilled(context: BrowserContext, worker: Worker): Promise<void> {
  const page = await openAndClick(context, worker);
  await page.waitForTimeout(1000);
  await expect(page.locator("#otp")).toHaveValue("");
  await page.close();
}

test("a site added on the options page is where autofill then fills, and removing it stops that", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  world.cli(["add", CORP]);
  await expectNotFilled(context, serviceWorker);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const account = options.locator("li.account").filter({ hasText: "Example Corp" });
  await expect(account.getByText("No sites")).toBeVisible();
  await account.getByLabel("Add a site for Example Corp (alice)").fill("localhost");
  await account.getByRole("button", { name: "Add site" }).click();
  await expect(account.locator(".binding")).toContainText("localhost");
  await expect(account.locator(".binding")).toContainText("added by you");

  await expectFilled(context, serviceWorker);

  await account.getByRole("button", { name: "Stop filling Example Corp (alice) on localhost" }).click();
  await expect(account.getByText("No sites")).toBeVisible();
  await expectNotFilled(context, serviceWorker);
});

test("the options page refuses a public suffix as a site, saying why", async ({ world, context, extensionId }) => {
  world.cli(["add", CORP]);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const account = options.locator("li.account").filter({ hasText: "Example Corp" });
  await account.getByLabel("Add a site for Example Corp (alice)").fill("co.uk");
  await account.getByRole("button", { name: "Add site" }).click();
  await expect(account.getByRole("alert")).toContainText("public suffix");
});

test("settings, adding by link, and removal with confirmation work, and the page passes axe", async ({
  world,
  context,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId("host-status")).toContainText("Connected");
  await options.getByLabel("Setup link").fill(CORP);
  await options.getByLabel("Site (optional)").fill("corp.example");
  await options.getByRole("button", { name: "Add account" }).click();
  await expect(options.getByRole("status")).toContainText("Added Example Corp");
  expect(world.cli(["list"])).toContain("corp.example");

  await options.getByLabel("Setup link").fill("otpauth://totp/x?secret=1");
  await options.getByRole("button", { name: "Add account" }).click();
  await expect(options.getByRole("alert").first()).toContainText("not a base32 character");

  await options.getByLabel("Submit the form after filling").check();
  await options.getByLabel("Clear a copied code from the clipboard after").fill("45");
  await options.reload();
  await expect(options.getByLabel("Submit the form after filling")).toBeChecked();
  await expect(options.getByLabel("Clear a copied code from the clipboard after")).toHaveValue("45");

  for (const colorScheme of ["light", "dark"] as const) {
    await options.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page: options }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    expect(
      results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(" ")}`),
    ).toEqual([]);
  }

  const account = options.locator("li.account").filter({ hasText: "Example Corp" });
  await account.getByRole("button", { name: "Remove Example Corp (alice)" }).click();
  await account.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(options.locator("li.account")).toHaveCount(0);
  expect(world.cli(["list"])).toContain("No accounts yet");
});

test("the options page shows doctor's findings from the running host", async ({ context, extensionId }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const checks = options.getByRole("list", { name: "Checks" });
  await expect(checks).toContainText("node: v");
  await expect(checks).toContainText(/store file:.*: 0 accounts/);
  // A running host was reached by a browser, so "installed for no browser" is never claimed.
  await expect(checks).not.toContainText("not installed for any browser");
});

test("the options page says what to do when Twofold's background does not answer", async ({ context, extensionId }) => {
  const options = await context.newPage();
  // A background that answers nothing, as after the extension was reloaded under the page.
  await options.addInitScript(() => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage: unknown } } }).chrome.runtime;
    runtime.sendMessage = (_message: unknown, answer?: (reply: undefined) => void) => {
      if (answer) answer(undefined);
      else return Promise.resolve(undefined);
    };
  });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId("options-failure")).toHaveText(
    "Twofold's background did not answer. Reload the extension.",
  );
  await expect(options.getByText("Checking…")).toBeHidden();
});
