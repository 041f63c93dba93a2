import { access, constants, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../src/identity";
import { BROWSERS, type InstallTarget, manifestDirs } from "../install/browsers";
import { MANIFEST_FILE, readLauncher } from "../install/host-manifest";
import { readManifest } from "../install/install-host";
import type { Environment } from "../paths";
import type { Finding } from "./finding";

export interface BrowserCheckOptions {
  /** Only this Chromium profile folder (`--user-data-dir`). */
  userDataDir?: string | undefined;
  /** The extension id the manifests should allow (default: the development id). */
  extensionId?: string | undefined;
  /** The store the launchers should use (the one doctor was pointed at). */
  storeSpec: string;
}

/**
 * Finds every installed Twofold host manifest and checks it end to end: the
 * manifest parses, names our extension, points at an executable launcher,
 * and the launcher's node and host script still exist.
 */
export async function checkBrowsers(options: BrowserCheckOptions, environment: Environment): Promise<Finding[]> {
  const findings: Finding[] = [];
  const targets: InstallTarget[] = [];
  for (const browser of BROWSERS) {
    if (options.userDataDir !== undefined) {
      if (browser.id === "chromium") targets.push({ browser, userDataDir: options.userDataDir });
    } else {
      targets.push({ browser }, { browser, system: true });
    }
  }
  for (const target of targets) {
    for (const dir of manifestDirs(target, environment)) {
      const path = join(dir, MANIFEST_FILE);
      if (!(await exists(path))) continue;
      findings.push(...(await checkManifest(path, target, options)));
    }
  }
  if (findings.length === 0) {
    findings.push({
      level: "error",
      subject: "browsers",
      message: options.userDataDir
        ? `no Twofold host manifest in ${options.userDataDir}`
        : "the Twofold host is not installed for any browser",
      fix: `npx twofold install --browser chrome${options.userDataDir ? ` --user-data-dir ${options.userDataDir}` : ""} (or chromium, edge, brave, firefox)`,
    });
  }
  return findings;
}

async function checkManifest(path: string, target: InstallTarget, options: BrowserCheckOptions): Promise<Finding[]> {
  const browser = target.browser;
  const subject = `${browser.name}${target.system ? " (system)" : ""}`;
  const reinstall = `npx twofold install --browser ${browser.id}${target.userDataDir ? ` --user-data-dir ${target.userDataDir}` : ""}${target.system ? " --system" : ""}`;
  const manifest = await readManifest(path);
  if (manifest === null) {
    return [{ level: "error", subject, message: `${path} is not a valid host manifest`, fix: reinstall }];
  }
  const findings: Finding[] = [];
  const expectedId = options.extensionId ?? (browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID);
  const allowed = browser.family === "firefox" ? manifest.allowed_extensions : manifest.allowed_origins;
  const expected = browser.family === "firefox" ? expectedId : `chrome-extension://${expectedId}/`;
  if (!allowed?.includes(expected)) {
    findings.push({
      level: "error",
      subject,
      message: `the manifest allows ${JSON.stringify(allowed ?? [])}, not ${expected}; the extension cannot reach the host`,
      fix: `${reinstall} --extension-id ${expectedId}`,
    });
  }
  const launcher = await readFile(manifest.path, "utf8").catch(() => null);
  if (launcher === null) {
    findings.push({
      level: "error",
      subject,
      message: `the manifest points at ${manifest.path}, which does not exist`,
      fix: reinstall,
    });
    return findings;
  }
  if (!(await executable(manifest.path))) {
    findings.push({ level: "error", subject, message: `${manifest.path} is not executable`, fix: reinstall });
  }
  const parts = readLauncher(launcher);
  if (parts === null) {
    findings.push({
      level: "warn",
      subject,
      message: `${manifest.path} was not written by twofold install; it was not checked further`,
    });
    return findings;
  }
  if (!(await executable(parts.nodePath))) {
    findings.push({
      level: "error",
      subject,
      message: `the launcher runs node at ${parts.nodePath}, which is gone (node moved or was upgraded)`,
      fix: reinstall,
    });
  }
  if (!(await exists(parts.hostScript))) {
    findings.push({
      level: "error",
      subject,
      message: `the launcher runs ${parts.hostScript}, which is gone (Twofold moved?)`,
      fix: `npm run build, then ${reinstall}`,
    });
  }
  if (parts.storeSpec !== options.storeSpec) {
    findings.push({
      level: "warn",
      subject,
      message: `the browser's host uses store ${parts.storeSpec}, this command uses ${options.storeSpec}`,
      fix: `to switch the browser to ${options.storeSpec}: ${reinstall} --store ${options.storeSpec}`,
    });
  }
  if (findings.length === 0)
    findings.push({ level: "ok", subject, message: `host installed (${path}), store ${parts.storeSpec}` });
  return findings;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
