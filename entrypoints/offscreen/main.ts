import { browser } from "wxt/browser";
import { clearIfEquals } from "../../src/background/clipboard-text";

// The background's clipboard hands: it has no DOM in MV3 Chromium.
// It answers with `sendResponse`: this page has the browser's own API, not the
// polyfill, and Chromium ignores a promise returned from a listener.
browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: boolean) => void) => {
  const request = message as { target?: unknown; type?: unknown; code?: unknown } | null;
  if (
    request?.target !== "offscreen" ||
    request.type !== "clipboard.clearIfEquals" ||
    typeof request.code !== "string"
  ) {
    return undefined;
  }
  clearIfEquals(document, request.code);
  sendResponse(true);
  return undefined;
});
