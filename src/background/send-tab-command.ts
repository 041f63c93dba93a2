import type { browser as extensionApi } from "wxt/browser";
import { COMMAND_HOOK } from "../content/extension-port";
import { fillableHost, siteOf } from "../domains/page-host";
import type { TabCommand, TabCommandResult } from "../messaging/content-messages";
import { CONTENT_SCRIPT_FILE } from "./content-script-registry";

type ExtensionApi = typeof extensionApi;

/**
 * Delivers a command (popup Fill, keyboard command, context menu) to the
 * content script of every frame of a tab, or of one frame. In Chromium it
 * runs a one-line function in the content script's isolated world with
 * `scripting.executeScript` — the user's gesture (popup, shortcut, menu)
 * grants activeTab — so the content script needs no message listener on
 * every page. Firefox and Safari deliver it as a runtime message.
 *
 * The content script is registered only on sites with an account, so on any
 * other site it is injected first ({@link injectWhereMissing}).
 */
export async function sendTabCommand(
  browser: ExtensionApi,
  tabId: number,
  command: TabCommand,
  frameId?: number,
): Promise<TabCommandResult | undefined> {
  // A frame that cannot take the script answers the command below with nothing, which callers report.
  await injectWhereMissing(browser, tabId, frameId).catch(() => undefined);
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

/**
 * Injects the content script into the frames that lack it: the one frame
 * asked for, or every frame on the same site as the tab's page (a frame of
 * another site could never be filled, so Twofold's code does not go there).
 * The script guards itself, so a frame that gets it twice starts once.
 */
export async function injectWhereMissing(browser: ExtensionApi, tabId: number, frameId?: number): Promise<void> {
  if (!browser.scripting?.executeScript) return;
  const probes = await browser.scripting.executeScript({
    target: frameId === undefined ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] },
    func: (hook: string) => ({
      ready: typeof (globalThis as unknown as Record<string, unknown>)[hook] === "function",
      url: location.href,
    }),
    args: [COMMAND_HOOK],
  });
  const top = probes.find((probe) => probe.frameId === 0)?.result as { url?: string } | undefined;
  const topHost = top?.url === undefined ? null : fillableHost(top.url);
  const missing = probes.filter((probe) => {
    const result = probe.result as { ready?: boolean; url?: string } | undefined;
    if (result === undefined || result.ready || result.url === undefined) return false;
    const host = fillableHost(result.url);
    if (host === null) return false;
    return frameId !== undefined || topHost === null || siteOf(host) === siteOf(topHost);
  });
  if (missing.length === 0) return;
  await browser.scripting.executeScript({
    target: { tabId, frameIds: missing.map((probe) => probe.frameId) },
    files: [CONTENT_SCRIPT_FILE],
  });
}
