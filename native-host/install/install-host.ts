import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { HOST_NAME } from "../../src/identity";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { isCode } from "../stores/vault-lock";
import { type BrowserInfo, findBrowser, hostOs, type InstallTarget, manifestDirs } from "./browsers";
import {
  buildLauncher,
  buildManifest,
  checkExtensionId,
  HostManifest,
  LAUNCHER_FILE,
  type LauncherEntry,
  type LauncherParts,
  MANIFEST_FILE,
  readLauncher,
  shellWord,
} from "./host-manifest";

export interface InstallOptions extends InstallTarget {
  extensionId: string;
  storeSpec: string;
  /** Absolute path of what the launcher runs: node, or Twofold's single executable. */
  program: string;
  /** Absolute path of the bundled host script node runs; absent for the single executable. */
  hostScript?: string | undefined;
}

/** What an uninstall did: the files it removed, the shared ones it updated, and the ones it left and why. */
export interface UninstallResult {
  removed: string[];
  /** Shared folders that other browsers still use: only this browser's record was taken out. */
  updated: { path: string; reason: string }[];
  kept: { path: string; reason: string }[];
}

/**
 * Writes the manifest and its launcher into every folder the browser reads.
 * Another browser's record in a shared folder is kept (Brave and Opera read
 * Google Chrome's folder too). Returns the files written.
 */
export async function installHost(options: InstallOptions, environment: Environment): Promise<string[]> {
  const { browser } = options;
  checkExtensionId(browser.family, options.extensionId);
  const paths = [
    [options.hostScript === undefined ? "the Twofold executable" : "node", options.program],
    ...(options.hostScript === undefined ? [] : [["the host script", options.hostScript] as const]),
  ] as const;
  for (const [what, path] of paths) {
    // Browsers start the launcher without a working directory or PATH to lean on.
    if (!isAbsolute(path))
      throw new TwofoldError("BAD_REQUEST", `The path of ${what} must be absolute, not "${path}".`);
  }
  const dirs = manifestDirs(options, environment);
  if (dirs.length === 0) throw noFolder(options, environment);
  const written: string[] = [];
  for (const dir of dirs) {
    const launcherPath = join(dir, LAUNCHER_FILE);
    const manifestPath = join(dir, MANIFEST_FILE);
    try {
      await makeDir(dir, options.system === true);
      const existing = readLauncher((await readText(launcherPath)) ?? "");
      const entries: LauncherEntry[] = [
        ...(existing?.entries ?? []).filter(
          (entry) => entry.browser !== browser.id && findBrowser(entry.browser)?.family === browser.family,
        ),
        { browser: browser.id, extensionId: options.extensionId },
      ];
      const parts: LauncherParts = {
        program: options.program,
        hostScript: options.hostScript,
        storeSpec: options.storeSpec,
        entries,
      };
      await writeAtomic(launcherPath, buildLauncher(parts), 0o755);
      await writeManifest(manifestPath, browser, launcherPath, entries);
    } catch (error) {
      throw installError(error, dir, options.system);
    }
    written.push(manifestPath, launcherPath);
  }
  return written;
}

/**
 * Removes what {@link installHost} wrote for this target, and nothing else:
 * a launcher only if `twofold install` wrote it, a manifest only if it is
 * Twofold's and still points at that launcher. Where another browser still
 * uses a shared folder, only this browser's record is taken out.
 */
export async function uninstallHost(target: InstallTarget, environment: Environment): Promise<UninstallResult> {
  const { browser } = target;
  const result: UninstallResult = { removed: [], updated: [], kept: [] };
  for (const dir of manifestDirs(target, environment)) {
    const manifestPath = join(dir, MANIFEST_FILE);
    const launcherPath = join(dir, LAUNCHER_FILE);
    const launcherText = await readText(launcherPath);
    const launcher = launcherText === null ? null : readLauncher(launcherText);
    const manifestText = await readText(manifestPath);
    const manifest = manifestText === null ? null : parseManifest(manifestText);
    const ours = manifest !== null && manifest.name === HOST_NAME && manifest.path === launcherPath;
    try {
      if (launcher !== null) {
        const mine = launcher.entries.length === 0 || launcher.entries.some((entry) => entry.browser === browser.id);
        const others = launcher.entries.filter((entry) => entry.browser !== browser.id);
        if (!mine || others.length > 0) {
          const names = others.map((entry) => findBrowser(entry.browser)?.name ?? entry.browser).join(", ");
          if (mine) {
            await writeAtomic(launcherPath, buildLauncher({ ...launcher, entries: others }), 0o755);
            if (ours) await writeManifest(manifestPath, browser, launcherPath, others);
            result.updated.push({ path: dir, reason: `still used by ${names}` });
          } else {
            result.kept.push({ path: dir, reason: `installed for ${names}, not ${browser.name}` });
          }
          continue;
        }
        await rm(launcherPath, { force: true });
        result.removed.push(launcherPath);
      } else if (launcherText !== null) {
        result.kept.push({ path: launcherPath, reason: "it was not written by twofold install" });
      }
      if (ours && (launcher !== null || launcherText === null)) {
        await rm(manifestPath, { force: true });
        result.removed.push(manifestPath);
      } else if (manifestText !== null) {
        result.kept.push({
          path: manifestPath,
          reason:
            manifest === null
              ? `it is not a valid host manifest; delete it if it is yours: rm ${shellWord(manifestPath)}`
              : ours
                ? "its launcher was changed by hand"
                : `it points at ${manifest.path}, not at the launcher twofold install writes`,
        });
      }
    } catch (error) {
      throw installError(error, dir, target.system);
    }
  }
  return result;
}

/** A manifest's text as a {@link HostManifest}, or `null` when it is not JSON of that shape. */
export function parseManifest(text: string): HostManifest | null {
  try {
    const parsed = HostManifest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeManifest(
  path: string,
  browser: BrowserInfo,
  launcherPath: string,
  entries: readonly LauncherEntry[],
): Promise<void> {
  const manifest = buildManifest(
    browser.family,
    launcherPath,
    entries.map((entry) => entry.extensionId),
  );
  await writeAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`, 0o644);
}

/** The text of a file, or `null` when there is none. */
async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return null;
    throw error;
  }
}

/**
 * Writes a whole file or nothing: a browser starting meanwhile reads the old
 * file or the new one, never half of one. The mode is set explicitly because
 * the umask (root's is often 077) would otherwise decide it.
 */
async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode });
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates `dir`. System folders must be readable by every user's browser,
 * whatever root's umask; a user's own are private to them, as browsers make
 * their profile folders.
 */
async function makeDir(dir: string, system: boolean): Promise<void> {
  const mode = system ? 0o755 : 0o700;
  const first = await mkdir(dir, { recursive: true, mode });
  if (first === undefined || !system) return;
  for (let current = dir; ; current = dirname(current)) {
    await chmod(current, mode);
    if (current === first || dirname(current) === current) break;
  }
}

function noFolder(target: InstallTarget, environment: Environment): TwofoldError {
  const os = hostOs(environment) === "darwin" ? "macOS" : "Linux";
  const { browser } = target;
  if (target.system && browser.userDirs[hostOs(environment)] !== undefined) {
    return new TwofoldError(
      "BAD_REQUEST",
      `${browser.name} has no known system-wide native messaging folder on ${os}. Install it for your user instead: twofold install --browser ${browser.id}`,
    );
  }
  return new TwofoldError(
    "BAD_REQUEST",
    `${browser.name} has no native messaging folder on ${os}. For another Chromium-based browser, name its profile folder: twofold install --browser chromium --user-data-dir DIR`,
  );
}

function installError(error: unknown, dir: string, system: boolean | undefined): TwofoldError {
  if (error instanceof TwofoldError) return error;
  if (isCode(error, "EACCES") || isCode(error, "EPERM") || isCode(error, "EROFS")) {
    return new TwofoldError(
      "ACCESS_DENIED",
      system
        ? `Cannot write to ${dir}: a system-wide install needs administrator rights (run it with sudo).`
        : `Cannot write to ${dir}: permission denied. Check that folder's owner.`,
      { cause: error },
    );
  }
  return new TwofoldError(
    "INTERNAL",
    `Cannot write to ${dir}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
