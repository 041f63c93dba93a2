import type { browser as extensionApi } from "wxt/browser";
import type { TwofoldBackground } from "./twofold-background";

/**
 * Starts the host while a page that can use it loads, not when the person
 * clicks: each top-frame navigation is offered to {@link TwofoldBackground.warm},
 * which ignores pages no account can fill. (A code field found by the content
 * script wakes the host too: its lookup is a host request.)
 */
export function warmHostOnNavigation(browser: typeof extensionApi, background: TwofoldBackground): void {
  browser.webNavigation?.onBeforeNavigate.addListener(({ frameId, url }) => {
    // Only a head start: a host that fails to start here is started, and its error shown, on use.
    if (frameId === 0) background.warm(url).catch(() => undefined);
  });
}
