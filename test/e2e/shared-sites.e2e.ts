import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page, Worker } from "@playwright/test";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { contentScriptReady } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { FIXTURE_BROWSER_ARGS, type FixtureServers, startFixtureServers } from "./support/fixture-server";
import { PopupPage } from "./support/popup-page";

// Sites that share one sign-in, on their real host names: Chromium sends every
// name to the local fixture server, so the extension and host see airbnb.co.uk.
const AIRBNB = "otpauth://totp/Airbnb:alice?secret=JBSWY3DPEHPK3PXP&issuer=Airbnb";
const TWITTER = "otpauth://totp/Twitter:alice?secret=MFRGGZDFMZTWQ2LK&issuer=Twitter";
const X = "otpauth://totp/X:alice?secret=GEZDGNBVGY3TQOJQ&issuer=X";
const PAGES = {
  airbnbUk: "https://www.airbnb.co.uk/login",
  x: "https://x.com/i/flow/login",
  twitter: "https://twitter.com/i/flow/login",
};

declare const chrome: { tabs: { query(query: object): Promise<{ id?: number }[]> } };

let servers: FixtureServers;
test.beforeAll(async () => {
  // The fixture server serves from test/fixtures/sites/; this suite's page lives beside it.
  const file = "../shared-sites/two-factor.html";
  servers = await startFixtureServers(Object.values(PAGES).map((url) => ({ url, file })));
});
test.afterAll(async () => {
  await servers?.close();
});
test.use({ browserArgs: FIXTURE_BROWSER_ARGS });

/** Opens `url` in a new tab once the content script runs there, with the tab's id. */
async function openSite(context: BrowserContext, worker: Worker, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await context.newPage();
  await page.goto(servers.resolve(url));
  await contentScriptReady(page, worker);
  // Without the "tabs" permission tab URLs are hidden, so take the newest tab: the one just opened.
  const tabId = Math.max(
    ...(await worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.id ?? -1))),
  );
  return { page, tabId };
}

/** Codes of an account around now: the one on screen may be from the window that just ended. */
function codesNow(uri: string): string[] {
  const params = parseOtpUri(uri).params;
  const now = Date.now();
  return [generateCode(params, now).code, generateCode(params, now - 3000).code];
}

test.describe("sites that share a sign-in", () => {
  for (const [uri, domain, url] of [
    [AIRBNB, "airbnb.com", PAGES.airbnbUk],
    [TWITTER, "twitter.com", PAGES.x],
  ] as const) {
    test(`an account bound to ${domain} fills on ${url}`, async ({ world, context, serviceWorker }) => {
      world.cli(["add", uri, "--domain", domain]);
      const { page } = await openSite(context, serviceWorker, url);
      await page.click("#otp");
      await expect.poll(async () => codesNow(uri).includes(await page.inputValue("#otp"))).toBe(true);
    });
  }

  test(`an account bound to x.com is not offered on ${PAGES.twitter}, though it is on x.com`, async ({
    world,
    context,
    serviceWorker,
    extensionId,
  }) => {
    world.cli(["add", X, "--domain", "x.com"]);
    // The popup shows the same matches the fill uses (codes.forUrl for the tab), in the
    // same render as the account rows: a state to wait for, where a page has only silence.
    const onTwitter = await openSite(context, serviceWorker, PAGES.twitter);
    const popup = await PopupPage.open(context, extensionId, onTwitter.tabId);
    await expect(popup.row("X")).toBeVisible();
    await expect(popup.page.getByRole("heading", { name: "Accounts", exact: true })).toBeVisible();
    await expect(popup.page.getByRole("heading", { name: "For this site" })).toHaveCount(0);

    const onX = await openSite(context, serviceWorker, PAGES.x);
    const popupOnX = await PopupPage.open(context, extensionId, onX.tabId);
    await expect(popupOnX.page.getByRole("heading", { name: "For this site" })).toBeVisible();
  });

  test("the options page says where an account also fills, and its switch stops that", async ({
    world,
    context,
    serviceWorker,
    extensionId,
  }) => {
    world.cli(["add", AIRBNB, "--domain", "airbnb.com"]);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const account = options.locator("li.account").filter({ hasText: "Airbnb (alice)" });
    const sites = account.locator(".also-fills-on p");
    await expect(sites).toContainText(/^Also fills on airbnb\.com\.ar, airbnb\.com\.au, airbnb\.at and \d+ more/);
    await account
      .getByRole("button", { name: /Show all \d+ sites that share a sign-in with Airbnb \(alice\)/ })
      .click();
    await expect(sites).toContainText("airbnb.co.uk");
    const results = await new AxeBuilder({ page: options })
      .include(".also-fills-on")
      .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
      .analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);

    const toggle = account.getByRole("checkbox", { name: "Fill Airbnb (alice) on sites that share its sign-in" });
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await expect(sites).toContainText(/^Could also fill on/);
    await expect
      .poll(() => (JSON.parse(world.cli(["list", "--json"])) as { fillSharedSites?: boolean }[])[0]?.fillSharedSites)
      .toBe(false);

    const { tabId } = await openSite(context, serviceWorker, PAGES.airbnbUk);
    const popup = await PopupPage.open(context, extensionId, tabId);
    await expect(popup.row("Airbnb")).toBeVisible();
    await expect(popup.page.getByRole("heading", { name: "For this site" })).toHaveCount(0);

    await account.getByRole("checkbox", { name: "Fill Airbnb (alice) on sites that share its sign-in" }).check();
    await expect(sites).toContainText(/^Also fills on/);
    await popup.page.reload();
    await expect(popup.page.getByRole("heading", { name: "For this site" })).toBeVisible();
  });
});
