import type { Page, Worker } from "@playwright/test";
import { contentScriptReady, INLINE_MENU } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { DEMO_LOGIN, servePage } from "./support/page-server";
import { PopupPage } from "./support/popup-page";

const LOCAL = "otpauth://totp/Local:me?secret=JBSWY3DPEHPK3PXP&issuer=Local";
const OTHER = "otpauth://totp/Other:me?secret=KRSXG5CTMVRXEZLU&issuer=Other";

declare const chrome: { tabs: { query(query: object): Promise<{ id?: number }[]> } };

let server: Awaited<ReturnType<typeof servePage>>;
let pageUrl: string;

test.beforeAll(async () => {
  server = await servePage(DEMO_LOGIN);
  pageUrl = server.url;
});
test.afterAll(() => server.close());

/** Opens the sign-in page in a tab and returns it with the tab's id. */
async function signInTab(
  context: import("@playwright/test").BrowserContext,
  worker: Worker,
): Promise<{ page: Page; tabId: number }> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  // Without the "tabs" permission tab URLs are hidden, so take the newest tab: the one just opened.
  const ids = await worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.id ?? -1));
  const tabId = Math.max(...ids);
  if (tabId < 0) throw new Error("no tab for the sign-in page");
  return { page, tabId };
}

test("the popup lists the site's account first and its Fill button fills the page", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  world.cli(["add", LOCAL, "--domain", "localhost"]);
  world.cli(["add", OTHER]);
  const { page, tabId } = await signInTab(context, serviceWorker);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await expect(popup.page.getByRole("heading", { name: "For this site" })).toBeVisible();
  expect((await popup.issuers())[0]).toBe("Local");
  await popup.row("Local").getByRole("button", { name: "Fill Local, me into this page" }).click();
  await expect(popup.page.getByRole("status")).toContainText("Filled Local code");
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
});

test("a row's Fill button shows when the row is pointed at or has the keyboard, and Enter on it fills", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  world.cli(["add", LOCAL, "--domain", "localhost"]);
  world.cli(["add", OTHER]);
  const { page, tabId } = await signInTab(context, serviceWorker);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await expect.poll(() => popup.issuers()).toEqual(["Local", "Other"]);
  const fillLocal = popup.row("Local").getByRole("button", { name: "Fill Local, me into this page" });
  const fillOther = popup.row("Other").getByRole("button", { name: "Fill Other, me into this page" });
  await expect(fillLocal).toBeVisible();
  await expect(fillOther).toBeHidden();
  await popup.row("Other").hover();
  await expect(fillOther).toBeVisible();
  await expect(fillLocal).toBeHidden();

  await popup.page.mouse.move(0, 0);
  await popup.row("Local").locator(".row-main").focus();
  await popup.page.keyboard.press("Tab");
  await expect(fillLocal).toBeFocused();
  // Enter presses the focused button: this fills, it does not copy.
  await popup.page.keyboard.press("Enter");
  await expect(popup.page.getByRole("status")).toContainText("Filled Local code");
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
});

test("filling an account the site is not bound to asks first: once, or remember the site", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  world.cli(["add", OTHER]);
  const { page, tabId } = await signInTab(context, serviceWorker);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await popup.row("Other").getByRole("button", { name: "Fill Other, me into this page" }).click();
  const dialog = popup.page.getByRole("alertdialog", { name: "Fill Other here?" });
  await expect(dialog).toContainText("not set up for localhost");
  await dialog.getByRole("button", { name: "Fill once" }).click();
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
  expect(world.cli(["list"])).not.toContain("localhost");

  await page.fill("#otp", "");
  await popup.row("Other").getByRole("button", { name: "Fill Other, me into this page" }).click();
  await popup.page.getByRole("button", { name: "Fill and remember this site" }).click();
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
  expect(world.cli(["list"])).toContain("localhost");
});

test("the keyboard command and context menu fill the focused field (delivered as the background delivers them)", async ({
  world,
  context,
  serviceWorker,
}) => {
  world.cli(["add", LOCAL, "--domain", "localhost"]);
  const { page, tabId } = await signInTab(context, serviceWorker);
  // Focus without a click: a page could do this; only the command (a user gesture) may then fill.
  // Twofold answers such a focus with its inline menu and no fill: once the menu is there, it has decided.
  await contentScriptReady(page, serviceWorker);
  await page.focus("#otp");
  await expect(page.locator(INLINE_MENU)).toBeAttached();
  await expect(page.locator("#otp")).toHaveValue("");
  const results = await serviceWorker.evaluate(async (id) => {
    const api = (
      globalThis as unknown as {
        chrome: { scripting: { executeScript(options: object): Promise<{ result?: unknown }[]> } };
      }
    ).chrome;
    return api.scripting.executeScript({
      target: { tabId: id, allFrames: true },
      func: (hook: string, command: unknown) =>
        (globalThis as unknown as Record<string, (c: unknown) => unknown>)[hook]?.(command),
      args: ["__twofoldRunCommand", { type: "fill.focused" }],
    });
  }, tabId);
  expect(results[0]?.result).toEqual({ filled: true });
  await expect(page.locator("#otp")).toHaveValue(/^\d{6}$/);
});
