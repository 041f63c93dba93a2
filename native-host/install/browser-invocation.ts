import { isAbsolute } from "node:path";
import { MANIFEST_FILE } from "./host-manifest";

/**
 * The command line as the CLI should read it. Browsers start a native host
 * with arguments of their own — Chromium the caller's origin
 * (`chrome-extension://ID/`), Firefox the manifest's absolute path and the
 * add-on id — and never `host`. Twofold's launcher adds `host`; a manifest
 * that names the program itself (the single executable) does not, so those
 * arguments mean `host` too. No command of the CLI looks like either.
 */
export function hostArguments(argv: readonly string[]): readonly string[] {
  const [first] = argv;
  if (first === undefined) return argv;
  const chromium = first.startsWith("chrome-extension://");
  const firefox = isAbsolute(first) && first.endsWith(`/${MANIFEST_FILE}`);
  return chromium || firefox ? ["host", ...argv] : argv;
}
