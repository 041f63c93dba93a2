// `npm test`: builds, then runs every suite — unit and host tests (vitest),
// end-to-end tests in Chromium (Playwright) — inside a private D-Bus session
// with a real GNOME Keyring when this machine has one, and prints a summary:
// each stage's counts, errors thrown outside any test (they fail the run),
// every skip with its reason, and any tracked file the run changed (a
// failure too: tests write only into ignored folders). A run that executed
// nothing is visible in the last line.
//   npm test                 everything
//   npm test -- --skip-e2e   unit and host tests only
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { changedByRun, formatSummary, playwrightStage, trackedChanges } from "./test-summary.mjs";
import { SUMMARY_FILE } from "./vitest-summary-reporter.mjs";

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

// What was uncommitted before the run, so only what the run itself changed is blamed.
const trackedBefore = trackedChanges();
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
  "--reporter=./scripts/vitest-summary-reporter.mjs",
]);
let e2eStatus = 0;
if (!skipE2e) {
  e2eStatus = run(process.execPath, ["node_modules/@playwright/test/cli.js", "test"]);
}

const stages = [];
stages.push(
  existsSync(SUMMARY_FILE)
    ? JSON.parse(readFileSync(SUMMARY_FILE, "utf8"))
    : missingStage("unit+host", "vitest wrote no summary (it did not run, or crashed)"),
);
if (!skipE2e) {
  stages.push(
    existsSync("test-results/e2e.json")
      ? playwrightStage(JSON.parse(readFileSync("test-results/e2e.json", "utf8")))
      : missingStage("e2e", "Playwright wrote no report (it did not run, or crashed)"),
  );
}
// A runner that failed without a failure to show for it still fails the run.
for (const [stage, status] of [
  [stages[0], vitestStatus],
  [stages[1], e2eStatus],
]) {
  if (stage && status !== 0 && stage.failed + stage.errors.length === 0) {
    stage.errors.push(`the runner exited with status ${status}; see its output above`);
  }
}
const trackedAfter = trackedChanges();
const changed = trackedBefore && trackedAfter ? changedByRun(trackedBefore, trackedAfter) : [];
if (trackedBefore === null) console.warn("test: not a git checkout; the check for changed tracked files was skipped.");
const { lines, failed } = formatSummary(stages, changed);
console.log(`\n${lines.join("\n")}`);
process.exit(failed > 0 ? 1 : 0);

/** A stage whose runner left no report: one failure that says so. */
function missingStage(name, why) {
  return { name, passed: 0, failed: 0, skipped: 0, errors: [why], skips: [] };
}
