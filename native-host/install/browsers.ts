import { join } from "node:path";
import type { Environment } from "../paths";

/** The two manifest shapes: Chromium's `allowed_origins`, Firefox's `allowed_extensions`. */
export type ManifestFamily = "chromium" | "firefox";

export interface BrowserInfo {
  id: string;
  name: string;
  family: ManifestFamily;
  /** Folders (user level) whose NativeMessagingHosts the browser reads, per OS. */
  userDirs: Partial<Record<"linux" | "darwin", (home: string, env: NodeJS.ProcessEnv) => string[]>>;
  /** System-wide folders, for `install --system`. */
  systemDirs: Partial<Record<"linux" | "darwin", string[]>>;
}

const config = (home: string, env: NodeJS.ProcessEnv) => env.XDG_CONFIG_HOME || join(home, ".config");
const appSupport = (home: string) => join(home, "Library", "Application Support");

/**
 * Where each browser looks for host manifests. Sources: Chrome's and
 * Firefox's native messaging documentation, and each vendor's profile
 * layout. Brave on macOS also reads Google Chrome's folder, so it gets both.
 */
export const BROWSERS: readonly BrowserInfo[] = [
  {
    id: "chrome",
    name: "Google Chrome",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "google-chrome", "NativeMessagingHosts")],
      darwin: (home) => [join(appSupport(home), "Google", "Chrome", "NativeMessagingHosts")],
    },
    systemDirs: {
      linux: ["/etc/opt/chrome/native-messaging-hosts"],
      darwin: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  {
    id: "chromium",
    name: "Chromium",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "chromium", "NativeMessagingHosts")],
      darwin: (home) => [join(appSupport(home), "Chromium", "NativeMessagingHosts")],
    },
    systemDirs: {
      linux: ["/etc/chromium/native-messaging-hosts"],
      darwin: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
  },
  {
    id: "edge",
    name: "Microsoft Edge",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "microsoft-edge", "NativeMessagingHosts")],
      darwin: (home) => [join(appSupport(home), "Microsoft Edge", "NativeMessagingHosts")],
    },
    systemDirs: {
      linux: ["/etc/opt/edge/native-messaging-hosts"],
      darwin: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
    },
  },
  {
    id: "brave",
    name: "Brave",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "BraveSoftware", "Brave-Browser", "NativeMessagingHosts")],
      darwin: (home) => [
        join(appSupport(home), "BraveSoftware", "Brave-Browser", "NativeMessagingHosts"),
        join(appSupport(home), "Google", "Chrome", "NativeMessagingHosts"),
      ],
    },
    systemDirs: {
      linux: ["/etc/opt/chrome/native-messaging-hosts"],
      darwin: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  {
    id: "firefox",
    name: "Firefox",
    family: "firefox",
    userDirs: {
      linux: (home) => [join(home, ".mozilla", "native-messaging-hosts")],
      darwin: (home) => [join(appSupport(home), "Mozilla", "NativeMessagingHosts")],
    },
    systemDirs: {
      linux: ["/usr/lib/mozilla/native-messaging-hosts"],
      darwin: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
    },
  },
];

export const BROWSER_IDS = BROWSERS.map((browser) => browser.id);

export function findBrowser(id: string): BrowserInfo | undefined {
  return BROWSERS.find((browser) => browser.id === id);
}

/** Where one install writes its manifests. */
export interface InstallTarget {
  browser: BrowserInfo;
  /** `--user-data-dir`: a Chromium profile folder instead of the user's. */
  userDataDir?: string | undefined;
  system?: boolean | undefined;
}

/** The NativeMessagingHosts folders an install writes to. */
export function manifestDirs(target: InstallTarget, environment: Environment): string[] {
  if (target.userDataDir !== undefined) return [join(target.userDataDir, "NativeMessagingHosts")];
  const os = environment.platform === "darwin" ? "darwin" : "linux";
  if (target.system) return target.browser.systemDirs[os] ?? [];
  return target.browser.userDirs[os]?.(environment.home, environment.env) ?? [];
}
