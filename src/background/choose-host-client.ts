import { browser } from "wxt/browser";
import { HOST_NAME } from "../identity";
import type { HostClient } from "./host-client";
import { type NativePort, NativePortClient } from "./native-port-client";
import { SafariHostClient } from "./safari-host-client";

/**
 * The bundle identifier of the Safari containing app (see
 * native-host/macos/safari/convert.sh). Safari ignores the application
 * argument of sendNativeMessage and always messages the extension's own
 * containing app; the id is passed because the API requires a string.
 */
export const SAFARI_APP_ID = "dev.twofold.safari";

/** The parts of `browser.runtime` the clients use, so tests can pass a fake. */
export interface NativeRuntime {
  connectNative(application: string): unknown;
  sendNativeMessage(application: string, message: unknown): Promise<unknown>;
}

export interface HostClientChoice {
  /** Built for Safari; WXT defines `import.meta.env.SAFARI` for `wxt build -b safari`. */
  safari?: boolean;
  runtime?: NativeRuntime;
}

/**
 * The host client for this browser: request/reply `sendNativeMessage` to the
 * containing app in Safari, a persistent native port to the stdio host
 * everywhere else (docs/architecture.md, "Native messaging" and "Safari").
 */
export function chooseHostClient(choice: HostClientChoice = {}): HostClient {
  const runtime = choice.runtime ?? (browser.runtime as unknown as NativeRuntime);
  // WXT makes import.meta.env.SAFARI a constant, so other builds drop the Safari client (and the account logic it runs).
  if ((choice.safari ?? import.meta.env.SAFARI === true) && import.meta.env.SAFARI !== false) {
    return new SafariHostClient({ sendNativeMessage: (message) => runtime.sendNativeMessage(SAFARI_APP_ID, message) });
  }
  return new NativePortClient({
    connect: () => runtime.connectNative(HOST_NAME) as NativePort,
    // Chrome reports why a port closed in runtime.lastError, not on the port.
    lastError: () =>
      (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError
        ?.message,
  });
}
