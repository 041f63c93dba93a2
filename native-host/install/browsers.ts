import { join } from "node:path";
import type { Environment } from "../paths";

/** The two manifest shapes: Chromium's `allowed_origins`, Firefox's `allowed_extensions`. */
export type ManifestFamily = "chromium" | "firefox";

/** The operating systems with native messaging folders (Windows uses the registry). */
export type HostOs = "linux" | "darwin";

export interface BrowserInfo {
  /** What `twofold install --browser` takes. */
  id: string;
  name: string;
  family: ManifestFamily;
  /**
   * Folders (user level) whose manifests the browser reads, per OS. The first
   * is the browser's own; any others are compatibility folders it also reads.
   */
  userDirs: Partial<Record<HostOs, (home: string, env: NodeJS.ProcessEnv) => string[]>>;
  /** System-wide folders, for `install --system`, as absolute paths below `/`. */
  systemDirs: Partial<Record<HostOs, readonly string[]>>;
}

/**
 * `$XDG_CONFIG_HOME`, where Chromium-family browsers keep their profiles on
 * Linux; any non-empty value counts, as in Chromium's GetXDGDirectory.
 */
const config = (home: string, env: NodeJS.ProcessEnv) => env.XDG_CONFIG_HOME || join(home, ".config");
const appSupport = (home: string) => join(home, "Library", "Application Support");
const HOSTS = "NativeMessagingHosts";

// A Chromium-family browser reads user-level manifests from
// `<user data dir>/NativeMessagingHosts` and system-wide ones from one fixed
// folder: /etc/opt/chrome/native-messaging-hosts and
// /Library/Google/Chrome/NativeMessagingHosts in Google-branded builds,
// /etc/chromium/native-messaging-hosts and
// /Library/Application Support/Chromium/NativeMessagingHosts in every other
// build (chromium chrome/common/chrome_paths.cc, DIR_NATIVE_MESSAGING and
// DIR_USER_NATIVE_MESSAGING;
// https://developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location).
const CHROME_SYSTEM = {
  linux: "/etc/opt/chrome/native-messaging-hosts",
  darwin: "/Library/Google/Chrome/NativeMessagingHosts",
};
const CHROMIUM_SYSTEM = {
  linux: "/etc/chromium/native-messaging-hosts",
  darwin: "/Library/Application Support/Chromium/NativeMessagingHosts",
};
const chromeUser = {
  linux: (home: string, env: NodeJS.ProcessEnv) => join(config(home, env), "google-chrome", HOSTS),
  darwin: (home: string) => join(appSupport(home), "Google", "Chrome", HOSTS),
};

/**
 * Where each browser looks for host manifests on Linux and macOS. Each entry
 * says where its folders come from; the tests in
 * test/host/install/install-host.test.ts pin every path.
 */
export const BROWSERS: readonly BrowserInfo[] = [
  {
    id: "chrome",
    name: "Google Chrome",
    family: "chromium",
    userDirs: { linux: (home, env) => [chromeUser.linux(home, env)], darwin: (home) => [chromeUser.darwin(home)] },
    systemDirs: { linux: [CHROME_SYSTEM.linux], darwin: [CHROME_SYSTEM.darwin] },
  },
  {
    id: "chromium",
    name: "Chromium",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "chromium", HOSTS)],
      darwin: (home) => [join(appSupport(home), "Chromium", HOSTS)],
    },
    systemDirs: { linux: [CHROMIUM_SYSTEM.linux], darwin: [CHROMIUM_SYSTEM.darwin] },
  },
  {
    // https://learn.microsoft.com/microsoft-edge/extensions/developer-guide/native-messaging
    // ("Copy the native messaging host manifest file to your system").
    id: "edge",
    name: "Microsoft Edge",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "microsoft-edge", HOSTS)],
      darwin: (home) => [join(appSupport(home), "Microsoft Edge", HOSTS)],
    },
    systemDirs: {
      linux: ["/etc/opt/edge/native-messaging-hosts"],
      darwin: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
    },
  },
  {
    // User data dir ~/.config/BraveSoftware/Brave-Browser (brave-core
    // chromium_src/chrome/common/chrome_paths_linux.cc). Brave on macOS reads
    // Google Chrome's folder too, and in reports only that one
    // (keepassxreboot/keepassxc-browser#2956, browserpass/browserpass-native#43),
    // so it gets both. Brave is not a Google-branded build and brave-core does
    // not override DIR_NATIVE_MESSAGING (chromium_src/chrome/common/chrome_paths.cc
    // overrides only DIR_TEST_DATA), so its system folder is Chromium's: the
    // table used to name /etc/opt/chrome, which Brave never reads. On macOS
    // Chrome's system folder is added for the same reason as the user one.
    id: "brave",
    name: "Brave",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "BraveSoftware", "Brave-Browser", HOSTS)],
      darwin: (home) => [join(appSupport(home), "BraveSoftware", "Brave-Browser", HOSTS), chromeUser.darwin(home)],
    },
    systemDirs: { linux: [CHROMIUM_SYSTEM.linux], darwin: [CHROMIUM_SYSTEM.darwin, CHROME_SYSTEM.darwin] },
  },
  {
    // User data dir ~/.config/vivaldi, ~/Library/Application Support/Vivaldi.
    // Not Google-branded, so Chromium's system folder (browserpass's
    // installer used /etc/chromium/native-messaging-hosts for Vivaldi too).
    id: "vivaldi",
    name: "Vivaldi",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "vivaldi", HOSTS)],
      darwin: (home) => [join(appSupport(home), "Vivaldi", HOSTS)],
    },
    systemDirs: { linux: [CHROMIUM_SYSTEM.linux], darwin: [CHROMIUM_SYSTEM.darwin] },
  },
  {
    // User data dir ~/.config/opera, ~/Library/Application Support/com.operasoftware.Opera.
    // Opera documents Google Chrome's locations for its hosts
    // (operasoftware/devopera src/_extensions/message-passing.md: macOS
    // /Library/Google/Chrome/NativeMessagingHosts) and reads Chrome's folders
    // on Linux too, so it gets Chrome's user folder beside its own and
    // Chrome's system folder.
    id: "opera",
    name: "Opera",
    family: "chromium",
    userDirs: {
      linux: (home, env) => [join(config(home, env), "opera", HOSTS), chromeUser.linux(home, env)],
      darwin: (home) => [join(appSupport(home), "com.operasoftware.Opera", HOSTS), chromeUser.darwin(home)],
    },
    systemDirs: { linux: [CHROME_SYSTEM.linux], darwin: [CHROME_SYSTEM.darwin] },
  },
  {
    // Arc (macOS only) keeps its profiles in ~/Library/Application Support/Arc/User Data
    // (arc://version), so by Chromium's rule it reads User Data/NativeMessagingHosts,
    // where password managers install for it (Strongbox's
    // NativeMessagingManifestInstallHelper.swift). No report says it reads
    // Chrome's folder, so Twofold does not write there for Arc. Arc documents
    // no system-wide folder: `--system` is refused rather than guessed.
    id: "arc",
    name: "Arc",
    family: "chromium",
    userDirs: { darwin: (home) => [join(appSupport(home), "Arc", "User Data", HOSTS)] },
    systemDirs: {},
  },
  {
    // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests#manifest_location
    // Firefox 147 moved profiles to $XDG_CONFIG_HOME/mozilla, but still reads
    // hosts only from ~/.mozilla/native-messaging-hosts (Mozilla bug 2005167;
    // glacambre/firenvim#1735). Mozilla's builds read /usr/lib/mozilla, distro
    // builds with a lib64 layout /usr/lib64/mozilla: a system install writes both.
    id: "firefox",
    name: "Firefox",
    family: "firefox",
    userDirs: {
      linux: (home) => [join(home, ".mozilla", "native-messaging-hosts")],
      darwin: (home) => [join(appSupport(home), "Mozilla", HOSTS)],
    },
    systemDirs: {
      linux: ["/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts"],
      darwin: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
    },
  },
];

/** Every browser id `--browser` accepts. */
export const BROWSER_IDS = BROWSERS.map((browser) => browser.id);

/** The browser with this `--browser` id, or `undefined`. */
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

/** The OS whose folders apply: macOS's on darwin, Linux's everywhere else. */
export function hostOs(environment: Environment): HostOs {
  return environment.platform === "darwin" ? "darwin" : "linux";
}

/** The NativeMessagingHosts folders an install writes to, first the browser's own. */
export function manifestDirs(target: InstallTarget, environment: Environment): string[] {
  if (target.userDataDir !== undefined) return [join(target.userDataDir, HOSTS)];
  const os = hostOs(environment);
  if (target.system) {
    const root = environment.systemRoot ?? "/";
    return (target.browser.systemDirs[os] ?? []).map((dir) => join(root, dir));
  }
  return target.browser.userDirs[os]?.(environment.home, environment.env) ?? [];
}
