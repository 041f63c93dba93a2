import { defineContentScript } from "wxt/utils/define-content-script";
import { runtimePort } from "../src/content/extension-port";
import { startOtpAutofill } from "../src/content/otp-autofill";

type Runtime = Parameters<typeof runtimePort>[0];
const api = globalThis as unknown as { browser?: { runtime: Runtime }; chrome?: { runtime: Runtime } };

export default defineContentScript({
  matches: ["<all_urls>"],
  allFrames: true,
  runAt: "document_idle",
  main(ctx) {
    const runtime = (api.browser ?? api.chrome)?.runtime;
    if (!runtime) return;
    startOtpAutofill({ doc: document, win: window, port: runtimePort(runtime), signal: ctx.signal });
  },
});
