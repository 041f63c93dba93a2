import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const EXTENSION_DIR = fileURLToPath(new URL("../../../.output/chrome-mv3/", import.meta.url));
export const HOST_BUNDLE = fileURLToPath(new URL("../../../dist/twofold.mjs", import.meta.url));
export const CHROMIUM = process.env.TWOFOLD_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
