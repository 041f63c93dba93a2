/** The message the background sends its offscreen document. */
export interface OffscreenClear {
  target: "offscreen";
  type: "clipboard.clearIfEquals";
  code: string;
}

/** The parts of `chrome.offscreen` (Chromium MV3 only) this uses. */
interface OffscreenApi {
  hasDocument?: () => Promise<boolean>;
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

/**
 * Runs a clipboard clear in an offscreen document (Chromium MV3), or directly
 * in the background page where there is a DOM (Firefox, Safari).
 */
export function clipboardClearIn(options: {
  offscreen: OffscreenApi | undefined;
  documentUrl: string;
  send: (message: OffscreenClear) => Promise<unknown>;
  inPage: ((code: string) => void) | undefined;
}): (code: string) => Promise<void> {
  return async (code) => {
    if (options.offscreen === undefined) {
      options.inPage?.(code);
      return;
    }
    const offscreen = options.offscreen;
    if (!(await offscreen.hasDocument?.())) {
      await offscreen.createDocument({
        url: options.documentUrl,
        reasons: ["CLIPBOARD"],
        justification: "Clear a copied two-factor code from the clipboard after the time the user chose.",
      });
    }
    try {
      await options.send({ target: "offscreen", type: "clipboard.clearIfEquals", code });
    } finally {
      // Already closed (or never opened): nothing is left to close; the clearing itself reports above.
      await offscreen.closeDocument().catch(() => undefined);
    }
  };
}
