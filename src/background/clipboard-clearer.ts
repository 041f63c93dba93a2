/**
 * Clears a copied code from the clipboard after a delay, but only if the
 * clipboard still holds that code — never what the user copied since.
 * In MV3 Chromium the service worker has no DOM, so the work happens in an
 * offscreen document (reason CLIPBOARD); elsewhere `clear` runs in the page.
 */
export class ClipboardClearer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly clearIfEquals: (code: string) => Promise<void>) {}

  schedule(code: string, seconds: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Nobody waits on a timer: a clipboard the browser will not let us read or clear stays as it is.
      this.clearIfEquals(code).catch(() => undefined);
    }, seconds * 1000);
  }
}
