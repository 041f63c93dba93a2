import { pageClient } from "../../src/messaging/page-client";
import { startPopup } from "../../src/popup/popup-start";
import { popupTabParam } from "../../src/popup/popup-tab";

/**
 * Where it could, the background answered the browser's request for this
 * page with the codes already drawn in it (src/popup/popup-page.tsx); the
 * app takes that markup over once its snapshot is here (popup-start.tsx).
 * The snapshot is asked for first, before the app renders: the codes are
 * what a person opens the popup for, and the background's answer and
 * Preact's first render overlap. The background finds the active tab itself,
 * so the popup does not wait for the browser to name the tab before it asks.
 * The answer comes from the background's memory, not from `storage.session`:
 * reading 1,000 accounts with their codes from there took several times as
 * long as the message, and the extension keeps nothing but settings stored.
 * `?tab=ID` targets a tab when the popup is opened in its own window.
 */
const tabId = popupTabParam(location.search);
const snapshot = pageClient.send("page.snapshot", tabId === undefined ? { activeTab: true } : { tabId });
// Handled when the app takes it (a failure is shown there); this only keeps the
// browser from reporting it as unhandled before the app has taken it.
snapshot.catch(() => undefined);

const root = document.getElementById("root");
if (root)
  startPopup(root, snapshot).catch((error: unknown) => {
    document.body.textContent = `Twofold could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
