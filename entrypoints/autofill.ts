import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { COMMAND_HOOK, listenForCommands, type RuntimeLike, runtimePort } from "../src/content/extension-port";
import { startOtpAutofill } from "../src/content/otp-autofill";

const api = globalThis as unknown as { browser?: { runtime: RuntimeLike }; chrome?: { runtime: RuntimeLike } };

// The content script, declared in wxt.config.ts's manifest rather than with
// defineContentScript: it runs on every page, and WXT's content-script
// context costs about a millisecond and posts a message each page can see.
export default defineUnlistedScript(() => {
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
  if (import.meta.env.FIREFOX || import.meta.env.SAFARI) {
    const runtime = api.browser?.runtime;
    if (runtime) listenForCommands(runtime, runCommand);
  } else {
    (globalThis as unknown as Record<string, unknown>)[COMMAND_HOOK] = runCommand;
  }
});
