/**
 * Stands in for webextension-polyfill everywhere but the background: MV3
 * Chromium's `chrome` returns promises, and Firefox and Safari have `browser`
 * natively. The content script must stay under 25 KB, and the popup paints
 * sooner without compiling the polyfill's ~10 KB and wrapping every API it
 * touches. What the polyfill adds that these pages would miss — a promise
 * returned from an `onMessage` listener, which Chromium ignores — none of
 * them uses: a listener there answers with `sendResponse`. Wired by
 * wxt.config.ts.
 */
const api = globalThis as unknown as { browser?: unknown; chrome?: unknown };
export const browser = api.browser ?? api.chrome;
export default browser;
