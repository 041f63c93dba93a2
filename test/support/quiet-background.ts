import type { HostClient } from "../../src/background/host-client";
import type { BackgroundDeps } from "../../src/background/twofold-background";
import { DEFAULT_SETTINGS } from "../../src/settings/settings";

/**
 * What a TwofoldBackground over `host` needs, doing nothing outside it: no
 * tabs, frames or captures, default settings. Tests override what they use.
 */
export function quietBackgroundDeps(host: HostClient, now: () => number): BackgroundDeps {
  return {
    host,
    tabUrl: async () => undefined,
    sendToTab: async () => undefined,
    settings: async () => DEFAULT_SETTINGS,
    clearClipboardLater: () => undefined,
    captureTab: () => Promise.reject(new Error("no tab to capture")),
    frames: async () => null,
    now,
  };
}
