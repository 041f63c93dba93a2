import type { Page, Worker } from "@playwright/test";

declare const chrome: {
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  scripting: { executeScript(options: object): Promise<{ result?: unknown }[]> };
};

/**
 * Waits until Twofold's content script runs in the newest tab's top frame —
 * Chromium injects it at document_idle, which on a cold start can come after
 * `load`; a click before it would be a click no extension could see.
 */
export async function contentScriptReady(page: Page, worker: Worker): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await worker
      .evaluate(async () => {
        const ids = (await chrome.tabs.query({})).map((tab) => tab.id ?? -1);
        const [result] = await chrome.scripting.executeScript({
          target: { tabId: Math.max(...ids) },
          func: () => typeof (globalThis as Record<string, unknown>).__twofoldRunCommand === "function",
        });
        return result?.result === true;
      })
      .catch(() => false);
    if (ready) return;
    await page.waitForTimeout(100);
  }
  throw new Error("Twofold's content script never started in the page");
}

/** Twofold's inline menu frame in a page. */
export const INLINE_MENU = 'iframe[src^="chrome-extension://"][src*="inline-menu.html"]';
