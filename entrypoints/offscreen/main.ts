import { browser } from "wxt/browser";
import { clearIfEquals } from "../../src/background/clipboard-text";

// The background's clipboard hands: it has no DOM in MV3 Chromium.
browser.runtime.onMessage.addListener((message: unknown) => {
  const request = message as { target?: unknown; type?: unknown; code?: unknown } | null;
  if (
    request?.target !== "offscreen" ||
    request.type !== "clipboard.clearIfEquals" ||
    typeof request.code !== "string"
  ) {
    return undefined;
  }
  clearIfEquals(document, request.code);
  return Promise.resolve(true);
});
