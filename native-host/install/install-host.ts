import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { isCode } from "../stores/vault-lock";
import { type InstallTarget, manifestDirs } from "./browsers";
import { buildLauncher, buildManifest, HostManifest, LAUNCHER_FILE, MANIFEST_FILE } from "./host-manifest";

export interface InstallOptions extends InstallTarget {
  extensionId: string;
  storeSpec: string;
  nodePath: string;
  hostScript: string;
}

/** Writes the manifest and its launcher into every folder the browser reads. Returns the files written. */
export async function installHost(options: InstallOptions, environment: Environment): Promise<string[]> {
  const dirs = manifestDirs(options, environment);
  if (dirs.length === 0) {
    throw new TwofoldError(
      "BAD_REQUEST",
      `${options.browser.name} has no ${options.system ? "system-wide " : ""}native messaging folder on ${environment.platform}.`,
    );
  }
  const written: string[] = [];
  for (const dir of dirs) {
    const launcherPath = join(dir, LAUNCHER_FILE);
    const manifestPath = join(dir, MANIFEST_FILE);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(launcherPath, buildLauncher(options.nodePath, options.hostScript, options.storeSpec), {
        mode: 0o755,
      });
      await chmod(launcherPath, 0o755);
      const manifest = buildManifest(options.browser.family, launcherPath, options.extensionId);
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
    } catch (error) {
      throw installError(error, dir, options.system);
    }
    written.push(manifestPath, launcherPath);
  }
  return written;
}

/**
 * Removes what {@link installHost} wrote for this target, and nothing else:
 * a manifest is removed only if it is Twofold's and points at our launcher.
 */
export async function uninstallHost(target: InstallTarget, environment: Environment): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of manifestDirs(target, environment)) {
    const manifestPath = join(dir, MANIFEST_FILE);
    const launcherPath = join(dir, LAUNCHER_FILE);
    const manifest = await readManifest(manifestPath);
    if (manifest !== null && manifest.path === launcherPath) {
      await rm(manifestPath, { force: true });
      removed.push(manifestPath);
    }
    const launcher = await readFile(launcherPath, "utf8").catch(() => null);
    if (launcher?.includes("twofold install")) {
      await rm(launcherPath, { force: true });
      removed.push(launcherPath);
    }
  }
  return removed;
}

/** Reads a host manifest; `null` when absent or not a manifest. */
export async function readManifest(path: string): Promise<HostManifest | null> {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const parsed = HostManifest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function installError(error: unknown, dir: string, system: boolean | undefined): TwofoldError {
  if (isCode(error, "EACCES") || isCode(error, "EPERM")) {
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
