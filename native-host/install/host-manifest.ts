import { z } from "zod";
import { FIREFOX_ADDON_ID, HOST_NAME } from "../../src/identity";
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

export const MANIFEST_FILE = `${HOST_NAME}.json`;
export const LAUNCHER_FILE = `${HOST_NAME}.launcher.sh`;

/**
 * The manifest for one browser family. Chromium names `chrome-extension://ID/`
 * origins (no wildcards); Firefox rejects those and names add-on ids instead.
 */
export function buildManifest(family: ManifestFamily, launcherPath: string, extensionId: string): HostManifest {
  const base = {
    name: HOST_NAME,
    description: "Twofold: two-factor codes from your keychain",
    path: launcherPath,
    type: "stdio" as const,
  };
  return family === "firefox"
    ? { ...base, allowed_extensions: [extensionId || FIREFOX_ADDON_ID] }
    : { ...base, allowed_origins: [`chrome-extension://${extensionId}/`] };
}

/**
 * The launcher the manifest points at. A browser started from the Dock or
 * Finder does not see the shell's PATH, so `#!/usr/bin/env node` would fail:
 * the launcher names node by its absolute path, and the store explicitly.
 */
export function buildLauncher(nodePath: string, hostScript: string, storeSpec: string): string {
  return [
    "#!/bin/sh",
    "# Written by `twofold install`; `twofold uninstall` removes it.",
    `exec ${shellQuote(nodePath)} ${shellQuote(hostScript)} host --store ${shellQuote(storeSpec)} "$@"`,
    "",
  ].join("\n");
}

/** What a launcher written by {@link buildLauncher} runs, or `null` if it is not one. */
export function readLauncher(text: string): { nodePath: string; hostScript: string; storeSpec: string } | null {
  const match = /^exec '((?:[^']|'\\'')*)' '((?:[^']|'\\'')*)' host --store '((?:[^']|'\\'')*)' "\$@"$/m.exec(text);
  if (!match) return null;
  const unquote = (value: string | undefined) => (value ?? "").replaceAll("'\\''", "'");
  return { nodePath: unquote(match[1]), hostScript: unquote(match[2]), storeSpec: unquote(match[3]) };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
