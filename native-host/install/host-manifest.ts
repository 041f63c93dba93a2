import { z } from "zod";
import { HOST_NAME } from "../../src/identity";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { ManifestFamily } from "./browsers";

/** A native messaging host manifest in either browser family's shape. */
export const HostManifest = z.object({
  name: z.string(),
  description: z.string(),
  path: z.string(),
  type: z.literal("stdio"),
  allowed_origins: z.array(z.string()).optional(),
  allowed_extensions: z.array(z.string()).optional(),
});
export type HostManifest = z.infer<typeof HostManifest>;

/** The manifest's file name: browsers look a host up by `<name>.json`. */
export const MANIFEST_FILE = `${HOST_NAME}.json`;
/** The launcher `install` writes beside each manifest. */
export const LAUNCHER_FILE = `${HOST_NAME}.launcher.sh`;

// Chromium ids are 32 letters a–p (the SHA-256 of the key, hex mapped to a–p).
const CHROMIUM_ID = /^[a-p]{32}$/;
// Firefox add-on ids are a GUID in braces or an email-like string
// (https://extensionworkshop.com/documentation/develop/extensions-and-the-add-on-id/).
const FIREFOX_ID =
  /^(?:\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+)$/;

/** True when `id` is an extension id of the family. */
export function isExtensionId(family: ManifestFamily, id: string): boolean {
  return (family === "chromium" ? CHROMIUM_ID : FIREFOX_ID).test(id);
}

/**
 * Throws `BAD_REQUEST` unless `id` is an extension id of the family. The id
 * is written into the launcher and the manifest, so nothing else may pass.
 */
export function checkExtensionId(family: ManifestFamily, id: string): void {
  if (isExtensionId(family, id)) return;
  if (family === "chromium") {
    throw new TwofoldError(
      "BAD_REQUEST",
      `"${id}" is not a Chromium extension id (32 letters a–p, shown on the browser's extensions page).`,
    );
  }
  throw new TwofoldError(
    "BAD_REQUEST",
    `"${id}" is not a Firefox add-on id (name@domain or {GUID}, shown on about:debugging).`,
  );
}

/** How the manifest names an extension: an origin in Chromium, the bare id in Firefox. */
export function allowedEntry(family: ManifestFamily, extensionId: string): string {
  return family === "firefox" ? extensionId : `chrome-extension://${extensionId}/`;
}

/**
 * The manifest for one browser family. Chromium names `chrome-extension://ID/`
 * origins (no wildcards); Firefox rejects those and names add-on ids instead
 * (docs/architecture.md, "Host manifests").
 */
export function buildManifest(
  family: ManifestFamily,
  launcherPath: string,
  extensionIds: readonly string[],
): HostManifest {
  const base = {
    name: HOST_NAME,
    description: "Twofold: two-factor codes from your keychain",
    path: launcherPath,
    type: "stdio" as const,
  };
  const allowed = [...new Set(extensionIds.map((id) => allowedEntry(family, id)))];
  return family === "firefox" ? { ...base, allowed_extensions: allowed } : { ...base, allowed_origins: allowed };
}

/** One browser that installed into a folder, and the extension it allowed. */
export interface LauncherEntry {
  browser: string;
  extensionId: string;
}

/** What a launcher written by {@link buildLauncher} runs, and for whom. */
export interface LauncherParts {
  /** Absolute path of the program the launcher runs: node, or Twofold's single executable. */
  program: string;
  /** Absolute path of the bundled host script node runs; absent when `program` is the single executable. */
  hostScript?: string | undefined;
  storeSpec: string;
  /**
   * The browsers that installed into this folder. Some folders are shared
   * (Brave and Opera also read Google Chrome's), so uninstalling one browser
   * keeps the files while another still uses them. Empty for launchers
   * written before this was recorded.
   */
  entries: LauncherEntry[];
}

const MARKER = "# Written by `twofold install`; `twofold uninstall` removes it.";
const ENTRY = /^# Installed for: ([a-z]+) (\S+)$/gm;

/**
 * The launcher the manifest points at. A browser started from the Dock or
 * Finder does not see the shell's PATH, so `#!/usr/bin/env node` would fail:
 * the launcher names node (or the single executable) by its absolute path,
 * and the store explicitly — a manifest cannot pass arguments, and a browser
 * starts the host without the shell's TWOFOLD_STORE. Each browser that
 * installed here is recorded on its own comment line.
 */
export function buildLauncher(parts: LauncherParts): string {
  const program = [parts.program, ...(parts.hostScript === undefined ? [] : [parts.hostScript])];
  return [
    "#!/bin/sh",
    MARKER,
    ...parts.entries.map((entry) => `# Installed for: ${entry.browser} ${entry.extensionId}`),
    `exec ${program.map(shellQuote).join(" ")} host --store ${shellQuote(parts.storeSpec)} "$@"`,
    "",
  ].join("\n");
}

/** What a launcher written by {@link buildLauncher} runs, or `null` if it is not one. */
export function readLauncher(text: string): LauncherParts | null {
  if (!text.includes(MARKER)) return null;
  const match = /^exec '((?:[^']|'\\'')*)'(?: '((?:[^']|'\\'')*)')? host --store '((?:[^']|'\\'')*)' "\$@"$/m.exec(
    text,
  );
  if (!match) return null;
  const unquote = (value: string) => value.replaceAll("'\\''", "'");
  const entries = [...text.matchAll(ENTRY)].map((entry) => ({ browser: entry[1] ?? "", extensionId: entry[2] ?? "" }));
  return {
    program: unquote(match[1] ?? ""),
    hostScript: match[2] === undefined ? undefined : unquote(match[2]),
    storeSpec: unquote(match[3] ?? ""),
    entries,
  };
}

/** `value` as one single-quoted POSIX shell word. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** `value` as a shell word a person can paste: bare when that is safe, else quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}
