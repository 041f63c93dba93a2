import type { BrowserContext, Page, Worker } from "@playwright/test";
import { matchesAnyPattern } from "../../../src/background/content-script-matches";

declare const chrome: {
  runtime: { sendMessage(message: object): Promise<unknown> };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  scripting: {
    executeScript(options: object): Promise<{ result?: unknown }[]>;
    getRegisteredContentScripts(): Promise<{ matches?: string[] }[]>;
  };
};

/**
 * Waits until Twofold's content script runs in the newest tab's top frame —
 * Chromium injects it at document_idle, which on a cold start can come after
 * `load`; a click before it would be a click no extension could see.
 *
 * The script is registered only on sites with an account, and tests add
 * accounts with the CLI, behind the running browser's back: first the
 * background is asked to read the accounts again, as opening the popup does
 * (`sync: false` skips that, to see what the background did on its own),
 * and the page is loaded again. On a page no account covers, nothing is to
 * come: that returns at once.
 */
export async function contentScriptReady(page: Page, worker: Worker, { sync = true } = {}): Promise<void> {
  if (sync) {
    await readAccountsAgain(page.context(), worker);
    // Back to the page under test: a tab left behind has its timers throttled.
    await page.bringToFront();
  }
  const patterns = await registeredPatterns(worker);
  if (!matchesAnyPattern(page.url(), patterns)) return;
  // The page loaded before its account was registered: load it again, so the script starts
  // as it does for a person whose account was there first (at document_idle, in a tab in front).
  if (sync) await page.reload({ waitUntil: "load" });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await runsInNewestTab(worker)) return;
    await page.waitForTimeout(100);
  }
  throw new Error("Twofold's content script never started in the page");
}

/** Whether Twofold's content script runs in the newest tab's top frame. */
export async function runsInNewestTab(worker: Worker): Promise<boolean> {
  return worker
    .evaluate(async () => {
      const ids = (await chrome.tabs.query({})).map((tab) => tab.id ?? -1);
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: Math.max(...ids) },
        func: () => typeof (globalThis as Record<string, unknown>).__twofoldRunCommand === "function",
      });
      return result?.result === true;
    })
    .catch(() => false);
}

/** The patterns Twofold's content script is registered for now. */
export async function registeredPatterns(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () =>
    (await chrome.scripting.getRegisteredContentScripts()).flatMap((script) => script.matches ?? []),
  );
}

/**
 * What the popup's refresh does: the background lists the accounts again and
 * registers the content script for them. Call it after adding accounts with
 * the CLI and before opening the page, so the page loads as it would for a
 * person whose account was there first.
 */
export async function readAccountsAgain(context: BrowserContext, worker: Worker): Promise<void> {
  const extensionPage = await context.newPage();
  try {
    await extensionPage.goto(new URL("/popup.html", worker.url()).href);
    await extensionPage.evaluate(() => chrome.runtime.sendMessage({ type: "page.snapshot", refresh: true }));
  } finally {
    await extensionPage.close();
  }
}

/** Twofold's inline menu frame in a page. */
export const INLINE_MENU = 'iframe[src^="chrome-extension://"][src*="inline-menu.html"]';
