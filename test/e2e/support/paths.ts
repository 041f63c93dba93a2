import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const EXTENSION_DIR = fileURLToPath(new URL("../../../.output/chrome-mv3/", import.meta.url));
export const HOST_BUNDLE = fileURLToPath(new URL("../../../dist/twofold.cjs", import.meta.url));
export const CHROMIUM = process.env.TWOFOLD_CHROMIUM ?? "/usr/bin/chromium";
/**
 * Where the screenshot spec writes: docs/screenshots/ only for `npm run screenshots`,
 * which sets TWOFOLD_SCREENSHOTS_DIR; otherwise an ignored folder, so tests never change tracked files.
 */
export const SCREENSHOTS =
  process.env.TWOFOLD_SCREENSHOTS_DIR ?? fileURLToPath(new URL("../../../test-results/screenshots/", import.meta.url));
