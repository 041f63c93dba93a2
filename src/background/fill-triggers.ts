import type { browser as extensionApi } from "wxt/browser";
import type { TwofoldBackground } from "./twofold-background";

export const FILL_COMMAND = "fill-code";
export const FILL_MENU_ID = "twofold-fill";

/**
 * The two ways to ask for a fill besides clicking the field: the keyboard
 * command and the context menu on editable fields.
 */
export function registerFillTriggers(browser: typeof extensionApi, background: TwofoldBackground): void {
  browser.commands?.onCommand.addListener(async (command, tab) => {
    if (command !== FILL_COMMAND) return;
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    // A shortcut has no page of its own to report on; a page that cannot be filled stays as it was.
    if (tabId !== undefined) await background.fillFocused(tabId).catch(() => undefined);
  });
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus?.create({ id: FILL_MENU_ID, title: "Fill two-factor code", contexts: ["editable"] });
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== FILL_MENU_ID || tab?.id === undefined) return;
    // As with the shortcut: nowhere to report to, and a failed fill leaves the page as it was.
    background.fillFocused(tab.id, info.frameId).catch(() => undefined);
  });
}
