import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { COMMAND_HOOK, listenForCommands, type RuntimeLike, runtimePort } from "../src/content/extension-port";
import { startOtpAutofill } from "../src/content/otp-autofill";

const api = globalThis as unknown as { browser?: { runtime: RuntimeLike }; chrome?: { runtime: RuntimeLike } };

// The content script, an unlisted script rather than defineContentScript: the
// background registers it only on sites with an account (Safari: declared on
// every page in wxt.config.ts), and WXT's content-script context costs about
// a millisecond and posts a message each page can see.
export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as Record<string, unknown>;
  // The popup, shortcut and menu inject this script on demand where it is not
  // registered; a frame that already runs it (registered, or injected before) starts it once.
  if (typeof scope[COMMAND_HOOK] === "function") return;
  const runtime = () => (api.browser ?? api.chrome)?.runtime;
  const port = runtimePort(runtime);
  // Never aborted: the script lives as long as its page. The signal is there for tests.
  const runCommand = startOtpAutofill({
    doc: document,
    win: window,
    port,
    signal: new AbortController().signal,
    menuUrl: () => runtime()?.getURL("/inline-menu.html") ?? "about:blank",
  });
  // Chromium calls the hook through scripting.executeScript; every build sets it, as the mark of a started script.
  scope[COMMAND_HOOK] = runCommand;
  if (import.meta.env.FIREFOX || import.meta.env.SAFARI) {
    const runtime = api.browser?.runtime;
    if (runtime) listenForCommands(runtime, runCommand);
  }
});
