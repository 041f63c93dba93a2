import type { browser as extensionApi } from "wxt/browser";
import { COMMAND_HOOK } from "../content/extension-port";
import type { TabCommand, TabCommandResult } from "../messaging/content-messages";

type ExtensionApi = typeof extensionApi;

/**
 * Delivers a command (popup Fill, keyboard command, context menu) to the
 * content script of every frame of a tab, or of one frame. In Chromium it
 * runs a one-line function in the content script's isolated world with
 * `scripting.executeScript` — the user's gesture (popup, shortcut, menu)
 * grants activeTab — so the content script needs no message listener on
 * every page. Firefox and Safari deliver it as a runtime message.
 */
export async function sendTabCommand(
  browser: ExtensionApi,
  tabId: number,
  command: TabCommand,
  frameId?: number,
): Promise<TabCommandResult | undefined> {
  if (import.meta.env.FIREFOX || import.meta.env.SAFARI) {
    return (await browser.tabs.sendMessage(tabId, command, frameId === undefined ? undefined : { frameId })) as
      | TabCommandResult
      | undefined;
  }
  const results = await browser.scripting.executeScript({
    target: frameId === undefined ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] },
    func: (hook: string, sent: TabCommand) => {
      const run = (
        globalThis as unknown as Record<string, ((command: TabCommand) => Promise<TabCommandResult>) | undefined>
      )[hook];
      return run ? run(sent) : { filled: false };
    },
    args: [COMMAND_HOOK, command],
  });
  return { filled: results.some((result) => (result.result as TabCommandResult | undefined)?.filled === true) };
}
