import { browser } from "wxt/browser";
import { pageClient } from "../../src/messaging/page-client";
import type { EarlyRequests } from "../../src/popup/popup-start";

/**
 * The tab, then the snapshot, asked for before the rest of the popup (its
 * components, Preact, the styles) has loaded: the codes are what a person
 * opens the popup for, and the background's answer and the loading overlap.
 * The answer comes from the background's memory, not from `storage.session`:
 * reading 1,000 accounts with their codes from there took several times as
 * long as the message, and the extension keeps nothing but settings stored.
 * `?tab=ID` targets a tab when the popup is opened in its own window.
 */
async function requestEarly(): Promise<EarlyRequests> {
  const fromQuery = Number(new URLSearchParams(location.search).get("tab"));
  const tabId =
    Number.isInteger(fromQuery) && fromQuery > 0
      ? fromQuery
      : (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  const snapshot = pageClient.send("page.snapshot", { tabId });
  // Handled when the app takes it (a failure is shown there); this only keeps the
  // browser from reporting it as unhandled while the app is still loading.
  snapshot.catch(() => undefined);
  return { tabId, snapshot };
}

async function start() {
  const [early, { startPopup }] = await Promise.all([requestEarly(), import("../../src/popup/popup-start")]);
  const root = document.getElementById("root");
  if (root) await startPopup(root, early);
}

start().catch((error: unknown) => {
  document.body.textContent = `Twofold could not start: ${error instanceof Error ? error.message : String(error)}`;
});
