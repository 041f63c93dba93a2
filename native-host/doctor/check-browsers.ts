import { access, constants, readFile, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID, HOST_NAME } from "../../src/identity";
import { BROWSERS, type BrowserInfo, findBrowser, hostOs, type InstallTarget, manifestDirs } from "../install/browsers";
import {
  allowedEntry,
  HostManifest,
  isExtensionId,
  LAUNCHER_FILE,
  type LauncherParts,
  MANIFEST_FILE,
  readLauncher,
  shellWord,
} from "../install/host-manifest";
import type { Environment } from "../paths";
import type { Finding } from "./finding";

export interface BrowserCheckOptions {
  /** Only this Chromium profile folder (`--user-data-dir`). */
  userDataDir?: string | undefined;
  /** Only this browser (`--browser`). */
  browser?: BrowserInfo | undefined;
  /** The extension id the manifests should allow; without it, the development id is expected. */
  extensionId?: string | undefined;
  /** The store the launchers should use (the one doctor was pointed at). */
  storeSpec: string;
}

/** One folder to check, and every install target that reads it. */
interface Folder {
  dir: string;
  readers: InstallTarget[];
}

/**
 * Finds every Twofold host manifest the browsers read and checks it end to
 * end: the manifest parses, has the shape its browser family needs, names
 * our extension, and points by an absolute path at an executable launcher
 * whose node and host script still exist. Each problem comes with the exact
 * command that fixes it.
 */
export async function checkBrowsers(options: BrowserCheckOptions, environment: Environment): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const folder of foldersToCheck(options, environment)) {
    findings.push(...(await checkFolder(folder, options)));
  }
  if (findings.length === 0) {
    const id = options.browser?.id ?? (options.userDataDir ? "chromium" : "chrome");
    const dir = options.userDataDir === undefined ? "" : ` --user-data-dir ${shellWord(options.userDataDir)}`;
    const os = hostOs(environment);
    // Only browsers that can be installed here: no Arc on Linux, no Firefox into a Chromium profile folder.
    const alternatives = BROWSERS.filter(
      (browser) =>
        browser.id !== id &&
        browser.userDirs[os] !== undefined &&
        (options.userDataDir === undefined || browser.family === "chromium"),
    );
    const others = options.browser ? "" : ` (or ${alternatives.map((browser) => browser.id).join(", ")})`;
    const where = options.userDataDir
      ? `in ${options.userDataDir}`
      : options.browser
        ? `for ${options.browser.name}`
        : "for any browser";
    findings.push({
      level: "error",
      subject: "browsers",
      message: `the Twofold host is not installed ${where}`,
      fix: `twofold install --browser ${id}${dir}${others}`,
    });
  }
  return findings;
}

/** Every folder a checked browser reads, once, with the browsers that read it. */
function foldersToCheck(options: BrowserCheckOptions, environment: Environment): Folder[] {
  const targets: InstallTarget[] = [];
  const browsers = options.browser ? [options.browser] : BROWSERS;
  if (options.userDataDir !== undefined) {
    const browser = options.browser ?? findBrowser("chromium");
    if (browser !== undefined) targets.push({ browser, userDataDir: options.userDataDir });
  } else {
    for (const browser of browsers) targets.push({ browser }, { browser, system: true });
  }
  const folders = new Map<string, Folder>();
  for (const target of targets) {
    for (const dir of manifestDirs(target, environment)) {
      const folder = folders.get(dir) ?? { dir, readers: [] };
      folder.readers.push(target);
      folders.set(dir, folder);
    }
  }
  return [...folders.values()];
}

async function checkFolder(folder: Folder, options: BrowserCheckOptions): Promise<Finding[]> {
  const manifestPath = join(folder.dir, MANIFEST_FILE);
  const ourLauncher = join(folder.dir, LAUNCHER_FILE);
  const manifestText = await readText(manifestPath);
  const launcherText = await readText(ourLauncher);
  const launcher = launcherText === null ? null : readLauncher(launcherText);
  if (manifestText === null && launcher === null) return [];
  const check = new FolderCheck(folder, launcher, options);
  if (manifestText === null) {
    return [
      check.finding(
        "warn",
        `${ourLauncher} is left from an install, but there is no ${MANIFEST_FILE} beside it: the browser cannot find the host`,
        `${check.reinstall()} (or, to remove it: ${check.uninstall()})`,
      ),
    ];
  }
  return check.manifest(manifestPath, manifestText);
}

/** The checks of one folder's manifest and launcher, and the commands that fix them. */
class FolderCheck {
  private readonly browser: BrowserInfo;
  private readonly reader: InstallTarget;
  /** The store the checked launcher uses, once known. */
  private store: string | undefined;

  constructor(
    private readonly folder: Folder,
    private readonly launcher: LauncherParts | null,
    private readonly options: BrowserCheckOptions,
  ) {
    const first = folder.readers[0] as InstallTarget;
    // Fix with the browser that installed here when the launcher says which.
    const recorded = launcher?.entries
      .map((entry) => folder.readers.find((reader) => reader.browser.id === entry.browser))
      .find((reader) => reader !== undefined);
    this.reader = recorded ?? first;
    this.browser = this.reader.browser;
  }

  async manifest(path: string, text: string): Promise<Finding[]> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return [this.finding("error", `${path} is not valid JSON (${why}); the browser ignores it`, this.reinstall())];
    }
    const parsed = HostManifest.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `"${issue.path.join(".")}"` : "its fields";
      return [
        this.finding(
          "error",
          `${path} is not a host manifest (${where}: ${issue?.message ?? "invalid"}); the browser ignores it`,
          this.reinstall(),
        ),
      ];
    }
    const manifest = parsed.data;
    const findings: Finding[] = [];
    if (manifest.name !== HOST_NAME) {
      findings.push(
        this.finding(
          "error",
          `${path} names the host "${manifest.name}"; browsers need "${HOST_NAME}", as its file name says`,
          this.reinstall(),
        ),
      );
    }
    findings.push(...this.allowed(path, manifest));
    if (!isAbsolute(manifest.path)) {
      findings.push(
        this.finding(
          "error",
          `${path} gives the host as "${manifest.path}", a relative path; on macOS and Linux browsers start only an absolute path`,
          this.reinstall(),
        ),
      );
      return this.orOk(findings, path);
    }
    findings.push(...(await this.target(manifest.path)));
    return this.orOk(findings, path);
  }

  /** The family's key is there, valid, and names the extension. */
  private allowed(path: string, manifest: HostManifest): Finding[] {
    const family = this.browser.family;
    const [key, wrongKey] =
      family === "firefox"
        ? (["allowed_extensions", "allowed_origins"] as const)
        : (["allowed_origins", "allowed_extensions"] as const);
    const allowed = manifest[key];
    if (allowed === undefined) {
      const what =
        manifest[wrongKey] === undefined
          ? `has no ${key}, so no extension may use it`
          : `lists the extension under ${wrongKey}, which is ${family === "firefox" ? "Chromium's key; Firefox rejects it and" : "Firefox's key;"} ${this.browser.name} needs ${key}`;
      return [this.finding("error", `${path} ${what}`, this.reinstall())];
    }
    const invalid = allowed.filter((entry) =>
      family === "firefox" ? !isExtensionId("firefox", entry) : !/^chrome-extension:\/\/[a-p]{32}\/$/.test(entry),
    );
    if (invalid.length > 0) {
      // Chromium refuses a whole manifest over one bad pattern (a wildcard, a path).
      return [
        this.finding(
          "error",
          `${path} allows ${JSON.stringify(invalid)}, which ${this.browser.name} cannot read, so it refuses the manifest`,
          this.reinstall(),
        ),
      ];
    }
    const explicit = this.options.extensionId;
    const expected = explicit ?? (family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID);
    if (allowed.includes(allowedEntry(family, expected))) return [];
    if (explicit === undefined && allowed.length > 0) {
      return [
        this.finding(
          "warn",
          `${path} allows ${JSON.stringify(allowed)}, not the development build's ${expected}; fine if your extension is another build, else it cannot reach the host`,
          `${this.reinstall(expected)} (or check your build's id: twofold doctor --extension-id ID)`,
        ),
      ];
    }
    return [
      this.finding(
        "error",
        `${path} allows ${JSON.stringify(allowed)}, not ${allowedEntry(family, expected)}: the extension cannot reach the host (its id changed?)`,
        this.reinstall(expected),
      ),
    ];
  }

  /** The program the manifest starts, and what a Twofold launcher runs. */
  private async target(path: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    const ours = join(this.folder.dir, LAUNCHER_FILE);
    if (path !== ours) {
      findings.push(
        this.finding(
          "warn",
          `the manifest starts ${path}, not the launcher twofold install writes (${ours}); uninstall will leave it alone`,
          this.reinstall(),
        ),
      );
    }
    const text = await readText(path);
    if (text === null) {
      findings.push(this.finding("error", `the manifest starts ${path}, which does not exist`, this.reinstall()));
      return findings;
    }
    if (!(await executable(path))) {
      findings.push(this.finding("error", `${path} is not executable`, `chmod 755 ${shellWord(path)}`));
    }
    const parts = path === ours ? this.launcher : readLauncher(text);
    this.store = parts?.storeSpec;
    if (parts === null) {
      findings.push(this.finding("warn", `${path} was not written by twofold install; it was not checked further`));
      return findings;
    }
    if (!(await executable(parts.program))) {
      findings.push(
        this.finding(
          "error",
          parts.hostScript === undefined
            ? `the launcher runs the Twofold executable at ${parts.program}, which is gone or not executable (it moved or was removed)`
            : `the launcher runs node at ${parts.program}, which is gone or not executable (node moved or was upgraded)`,
          this.reinstall(),
        ),
      );
    }
    if (parts.hostScript !== undefined && !(await exists(parts.hostScript))) {
      findings.push(
        this.finding(
          "error",
          `the launcher runs ${parts.hostScript}, which is gone (Twofold moved or was removed)`,
          this.reinstall(),
        ),
      );
    }
    if (parts.storeSpec !== this.options.storeSpec) {
      findings.push(
        this.finding(
          "warn",
          `the browser's host uses store ${parts.storeSpec}, this command uses ${this.options.storeSpec}`,
          `to switch the browser to ${this.options.storeSpec}: ${installCommand(this.reader, { extensionId: this.recordedId() })}`,
        ),
      );
    }
    return findings;
  }

  private orOk(findings: Finding[], path: string): Finding[] {
    if (findings.length > 0) return findings;
    return [this.finding("ok", `host installed (${path}), store ${this.store ?? "unknown"}`)];
  }

  finding(level: Finding["level"], message: string, fix?: string): Finding {
    const names = [...new Set(this.folder.readers.map((reader) => reader.browser.name))].join(", ");
    const subject = `${names}${this.reader.system ? " (system)" : ""}`;
    return fix === undefined ? { level, subject, message } : { level, subject, message, fix };
  }

  /** The install that rewrites this folder, keeping its store and extension id unless told otherwise. */
  reinstall(extensionId = this.recordedId()): string {
    const store = this.launcher?.storeSpec;
    return installCommand(this.reader, {
      extensionId,
      store: store !== undefined && store !== this.options.storeSpec ? store : undefined,
    });
  }

  uninstall(): string {
    return `${this.reader.system ? "sudo " : ""}twofold uninstall${targetFlags(this.reader)}`;
  }

  /** The id this browser installed with, if the launcher recorded one. */
  private recordedId(): string | undefined {
    return this.launcher?.entries.find((entry) => entry.browser === this.browser.id)?.extensionId;
  }
}

/** `twofold install …` for a target; flags that only repeat a default are left out. */
function installCommand(
  target: InstallTarget,
  extra: { extensionId?: string | undefined; store?: string | undefined },
): string {
  const defaultId = target.browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID;
  const id =
    extra.extensionId !== undefined && extra.extensionId !== defaultId
      ? ` --extension-id ${shellWord(extra.extensionId)}`
      : "";
  const store = extra.store === undefined ? "" : ` --store ${shellWord(extra.store)}`;
  return `${target.system ? "sudo " : ""}twofold install${targetFlags(target)}${id}${store}`;
}

function targetFlags(target: InstallTarget): string {
  const dir = target.userDataDir === undefined ? "" : ` --user-data-dir ${shellWord(target.userDataDir)}`;
  return ` --browser ${target.browser.id}${dir}${target.system ? " --system" : ""}`;
}

async function readText(path: string): Promise<string | null> {
  return readFile(path, "utf8").catch(() => null);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A regular file this user may execute (root passes X_OK on any file with one x bit). */
async function executable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
