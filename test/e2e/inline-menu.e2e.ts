import { contentScriptReady, INLINE_MENU } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { FIXTURE_BROWSER_ARGS, type FixtureServers, startFixtureServers } from "./support/fixture-server";

// Two GitHub accounts, so a focus opens the menu rather than filling.
const ALICE = "otpauth://totp/GitHub:alice-the-first?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const BOB = "otpauth://totp/GitHub:bob-the-second?secret=KRSXG5CTMVRXEZLU&issuer=GitHub";
const URL = "https://github.com/sessions/two-factor/app";

let servers: FixtureServers;
test.beforeAll(async () => {
  servers = await startFixtureServers([{ url: URL, file: "github-two-factor.html" }]);
});
test.afterAll(async () => {
  await servers?.close();
});
test.use({ browserArgs: FIXTURE_BROWSER_ARGS });

test("the inline menu keeps account names out of the page, and a pick fills the field", async ({
  world,
  context,
  serviceWorker,
}) => {
  world.cli(["add", ALICE]);
  world.cli(["add", BOB]);
  const page = await context.newPage();
  await page.goto(servers.resolve(URL));
  await contentScriptReady(page, serviceWorker);
  // The page autofocuses its code field: Twofold offers the menu, fills nothing.
  const menu = page.frameLocator(INLINE_MENU);
  await expect(menu.getByText("bob-the-second")).toBeVisible();
  await expect(page.locator("#app_totp")).toHaveValue("");
  // The names are in Twofold's frame, not in the page: neither its DOM nor find-in-page sees them.
  const probe = await page.evaluate(() => ({
    found: (window as unknown as { find(text: string): boolean }).find("bob-the-second"),
    inDom: document.documentElement.outerHTML.includes("bob-the-second"),
  }));
  expect(probe).toEqual({ found: false, inDom: false });
  await expect(menu.locator(".list[data-armed]")).toBeAttached();
  await menu.getByText("bob-the-second").click();
  await expect(page.locator("#app_totp")).toHaveValue(/^\d{6}$/);
  await expect(page.locator(INLINE_MENU)).toHaveCount(0);
});
