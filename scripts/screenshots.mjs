// `npm run screenshots`: builds, then runs only test/e2e/screenshots.e2e.ts
// with its pictures going to docs/screenshots/ (the ones the README shows).
// Under `npm test` the same spec writes to test-results/screenshots/, so a
// test run never changes a tracked file.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const run = (args, env = {}) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

if (run(["scripts/build.mjs"]) !== 0) {
  console.error("screenshots: the build failed; no screenshots were taken.");
  process.exit(1);
}
const status = run(["node_modules/@playwright/test/cli.js", "test", "test/e2e/screenshots.e2e.ts"], {
  TWOFOLD_SCREENSHOTS_DIR: resolve(root, "docs", "screenshots"),
});
if (status !== 0) console.error("screenshots: the screenshot tests failed; docs/screenshots/ may be partly updated.");
else console.log("screenshots: written to docs/screenshots/; review them with git diff before committing.");
process.exit(status);
