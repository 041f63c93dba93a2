import type { browser as extensionApi } from "wxt/browser";
import { matchesAnyPattern } from "./content-script-matches";
import { CONTENT_SCRIPT_FILE } from "./content-script-registry";

type ExtensionApi = typeof extensionApi;

/**
 * Runs the content script in the open pages that `patterns` now cover — a
 * registration applies only to pages loaded after it, and a person who just
 * bound a site expects the tab already showing it to fill. Only the frames
 * whose own address matches get it, as a registered script would; the
 * script guards against starting twice.
 */
export async function injectOpenTabs(browser: ExtensionApi, patterns: readonly string[]): Promise<void> {
  const tabs = await browser.tabs.query({ url: [...patterns] });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      const frames = (await browser.webNavigation.getAllFrames({ tabId: tab.id })) ?? [];
      const frameIds = frames.filter((frame) => matchesAnyPattern(frame.url, patterns)).map((frame) => frame.frameId);
      if (frameIds.length === 0) return;
      await browser.scripting
        .executeScript({ target: { tabId: tab.id, frameIds }, files: [CONTENT_SCRIPT_FILE] })
        // A tab that cannot take scripts (a browser page, one closed meanwhile) gets it on its next load.
        .catch(() => undefined);
    }),
  );
}
