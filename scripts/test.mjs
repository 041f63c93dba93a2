// `npm test`: builds, then runs every suite — unit and host tests (vitest),
// end-to-end tests in Chromium (Playwright) — inside a private D-Bus session
// with a real GNOME Keyring when this machine has one, and prints one
// summary line so a run that executed nothing is visible.
//   npm test                 everything
//   npm test -- --skip-e2e   unit and host tests only
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const args = process.argv.slice(2);
const skipE2e = args.includes("--skip-e2e");
const inSession = process.env.TWOFOLD_IN_KEYRING_SESSION === "1";

const has = (tool) => spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
if (!inSession && has("dbus-run-session") && has("gnome-keyring-daemon")) {
  const result = spawnSync("scripts/with-keyring.sh", [process.execPath, "scripts/test.mjs", ...args], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}
if (!inSession) {
  console.warn("test: no dbus-run-session/gnome-keyring here; the Secret Service suites will be skipped.");
}

const run = (command, commandArgs, env = {}) =>
  spawnSync(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

rmSync("test-results", { recursive: true, force: true });
mkdirSync("test-results", { recursive: true });
// Chrome for the Playwright suite, Firefox for the firefox-esr test.
if (
  run(process.execPath, ["scripts/build.mjs"]) !== 0 ||
  run(process.execPath, ["node_modules/wxt/bin/wxt.mjs", "build", "-b", "firefox"]) !== 0
) {
  console.error("test: the build failed; no tests were run.\n0 passed, 1 failed");
  process.exit(1);
}

const vitestStatus = run(process.execPath, [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
let e2eStatus = 0;
if (!skipE2e) {
  e2eStatus = run(process.execPath, ["node_modules/@playwright/test/cli.js", "test"]);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
if (existsSync("test-results/vitest.json")) {
  const report = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
  lines.push(
    `unit+host: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  );
} else {
  counts.failed += 1;
  lines.push("unit+host: no report (vitest did not run)");
}
if (!skipE2e) {
  if (existsSync("test-results/e2e.json")) {
    const { stats } = JSON.parse(readFileSync("test-results/e2e.json", "utf8"));
    counts.passed += stats.expected + stats.flaky;
    counts.failed += stats.unexpected;
    counts.skipped += stats.skipped;
    lines.push(`e2e: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`);
  } else {
    counts.failed += 1;
    lines.push("e2e: no report (Playwright did not run)");
  }
}
const failed = counts.failed > 0 || vitestStatus !== 0 || e2eStatus !== 0;
console.log(`\n${lines.join("\n")}`);
console.log(`${counts.passed} passed, ${Math.max(counts.failed, failed ? 1 : 0)} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
