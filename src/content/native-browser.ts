/**
 * Stands in for webextension-polyfill inside the content script, which must
 * stay under 25 KB: MV3 Chromium's `chrome` returns promises, and Firefox and
 * Safari have `browser` natively. Wired by wxt.config.ts.
 */
const api = globalThis as unknown as { browser?: unknown; chrome?: unknown };
export const browser = api.browser ?? api.chrome;
export default browser;
