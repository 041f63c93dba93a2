import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { checkBrowsers } from "../../../native-host/doctor/check-browsers";
import type { Finding } from "../../../native-host/doctor/finding";
import { BROWSER_IDS, type BrowserInfo, findBrowser, type HostOs } from "../../../native-host/install/browsers";
import { installHost } from "../../../native-host/install/install-host";
import type { Environment } from "../../../native-host/paths";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../../src/identity";
import { HOST_BUNDLE } from "../../support/host-process";

/** Shared by the install and doctor tests: the expected folders, a fake machine, and helpers. */

// Where each browser reads host manifests, written out rather than computed,
// so a change to native-host/install/browsers.ts has to change this table too.
// User folders are relative to the home folder, system folders to `/`.
export const MAC = "Library/Application Support";
export const EXPECTED: Record<string, Record<HostOs, { user: string[]; system: string[] }>> = {
  chrome: {
    linux: { user: [".config/google-chrome/NativeMessagingHosts"], system: ["/etc/opt/chrome/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  chromium: {
    linux: { user: [".config/chromium/NativeMessagingHosts"], system: ["/etc/chromium/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Chromium/NativeMessagingHosts`],
      system: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
  },
  edge: {
    linux: { user: [".config/microsoft-edge/NativeMessagingHosts"], system: ["/etc/opt/edge/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Microsoft Edge/NativeMessagingHosts`],
      system: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
    },
  },
  brave: {
    linux: {
      user: [".config/BraveSoftware/Brave-Browser/NativeMessagingHosts"],
      system: ["/etc/chromium/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/BraveSoftware/Brave-Browser/NativeMessagingHosts`, `${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: [
        "/Library/Application Support/Chromium/NativeMessagingHosts",
        "/Library/Google/Chrome/NativeMessagingHosts",
      ],
    },
  },
  vivaldi: {
    linux: { user: [".config/vivaldi/NativeMessagingHosts"], system: ["/etc/chromium/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Vivaldi/NativeMessagingHosts`],
      system: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
  },
  opera: {
    linux: {
      user: [".config/opera/NativeMessagingHosts", ".config/google-chrome/NativeMessagingHosts"],
      system: ["/etc/opt/chrome/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/com.operasoftware.Opera/NativeMessagingHosts`, `${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  arc: {
    linux: { user: [], system: [] },
    darwin: { user: [`${MAC}/Arc/User Data/NativeMessagingHosts`], system: [] },
  },
  firefox: {
    linux: {
      user: [".mozilla/native-messaging-hosts"],
      system: ["/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/Mozilla/NativeMessagingHosts`],
      system: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
    },
  },
};

export const STORE = "file:/var/twofold/vault.json";
export const OTHER_CHROMIUM_ID = "abcdefghijklmnopabcdefghijklmnop";
export const OTHER_FIREFOX_ID = "{01234567-89ab-cdef-0123-456789abcdef}";

export interface Case {
  browser: BrowserInfo;
  os: HostOs;
  system: boolean;
  label: string;
}

export const CASES: Case[] = BROWSER_IDS.flatMap((id) =>
  (["linux", "darwin"] as const).flatMap((os) =>
    [false, true].map((system) => ({
      browser: browser(id),
      os,
      system,
      label: `${id} on ${os}${system ? " --system" : ""}`,
    })),
  ),
);
export const SUPPORTED = CASES.filter((c) => expectedDirs(c, "/").length > 0);
export const UNSUPPORTED = CASES.filter((c) => expectedDirs(c, "/").length === 0);

/** The temp folder holding the fake machine of the current test. */
export let root: string;

/** Gives every test of the calling file a fresh fake machine (home and `/`) in a temp folder. */
export function withTempMachine(): void {
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "twofold-install-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
}

export function browser(id: string): BrowserInfo {
  const found = findBrowser(id);
  if (found === undefined) throw new Error(`no browser ${id}`);
  return found;
}

/** A fake machine inside the temp folder: its home and its `/`. */
export function environment(os: HostOs, env: NodeJS.ProcessEnv = {}): Environment {
  return { platform: os, home: join(root, "home"), env, systemRoot: join(root, "system") };
}

export function expectedDirs(c: Pick<Case, "browser" | "os" | "system">, base: string): string[] {
  const table = EXPECTED[c.browser.id]?.[c.os];
  if (table === undefined) throw new Error(`EXPECTED lacks ${c.browser.id}`);
  return c.system
    ? table.system.map((dir) => join(base, "system", dir))
    : table.user.map((dir) => join(base, "home", dir));
}

export function defaultId(c: Pick<Case, "browser">): string {
  return c.browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID;
}

export async function install(
  c: Case,
  overrides: { extensionId?: string; program?: string; hostScript?: string } = {},
) {
  return installHost(
    {
      browser: c.browser,
      system: c.system,
      extensionId: overrides.extensionId ?? defaultId(c),
      storeSpec: STORE,
      program: overrides.program ?? process.execPath,
      hostScript: overrides.hostScript ?? HOST_BUNDLE,
    },
    environment(c.os),
  );
}

/** Every file below `dir`, as absolute paths, sorted. */
export async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export async function doctor(c: Case, options: { extensionId?: string; filter?: boolean } = {}): Promise<Finding[]> {
  return checkBrowsers(
    { storeSpec: STORE, extensionId: options.extensionId, browser: options.filter === false ? undefined : c.browser },
    environment(c.os),
  );
}

export function reinstallCommand(c: Case, extra = ""): string {
  return `${c.system ? "sudo " : ""}twofold install --browser ${c.browser.id}${c.system ? " --system" : ""}${extra}`;
}

export function mode(path: string): Promise<number> {
  return stat(path).then((info) => info.mode & 0o777);
}
