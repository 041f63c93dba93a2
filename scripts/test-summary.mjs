// The pieces of `npm test`'s summary: each stage's counts with its uncaught
// errors and its skips (with why), and which tracked files the run changed.
// Kept apart from scripts/test.mjs so they can be tested without a full run.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";

/**
 * @typedef {object} Stage
 * @property {string} name
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {string[]} errors errors outside any test; each counts as a failure
 * @property {string[]} [failures] each failed test: its name and the first line of its error
 * @property {{ reason: string; tests: number }[]} skips
 */

/**
 * A stage from Playwright's JSON report: flaky tests passed in the end;
 * errors outside a test (a worker that crashed, a global setup that threw)
 * are failures; a skip's reason is its `test.skip(condition, reason)`.
 * @param {PlaywrightReport} report
 * @returns {Stage}
 */
export function playwrightStage(report) {
  const { stats } = report;
  /** @type {Map<string, number>} */
  const skips = new Map();
  /** @type {string[]} */
  const failures = [];
  /** @param {PlaywrightSuite} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "unexpected") {
          const message = (test.results ?? []).flatMap((result) => result.errors ?? []).find((error) => error.message);
          failures.push(describeFailure([...here, spec.title].join(" › "), message?.message));
        }
        if (test.status !== "skipped") continue;
        const why = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((result) => result.annotations ?? [])]
          .filter((annotation) => annotation.type === "skip" || annotation.type === "fixme")
          .map((annotation) => annotation.description)
          .find(Boolean);
        const reason = `${[...here, spec.title].join(" › ")} (${why ?? "no reason given"})`;
        skips.set(reason, (skips.get(reason) ?? 0) + 1);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return {
    name: "e2e",
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
    errors: (report.errors ?? []).map(
      (error) => (error.message ?? String(error.value ?? "error")).split("\n")[0] ?? "",
    ),
    skips: [...skips].map(([reason, tests]) => ({ reason, tests })),
    failures,
  };
}

/**
 * The tracked files that differ from HEAD, each with a fingerprint of its
 * content, or null outside a git checkout (or without git).
 * @param {string} [cwd]
 * @returns {Map<string, string> | null}
 */
export function trackedChanges(cwd = process.cwd()) {
  const status = spawnSync("git", ["status", "--porcelain=v1", "-z", "--untracked-files=no"], {
    cwd,
    encoding: "utf8",
  });
  if (status.status !== 0 || status.error) return null;
  const entries = status.stdout.split("\0");
  /** @type {Map<string, string>} */
  const changes = new Map();
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] ?? "";
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const path = entry.slice(3);
    // A rename or copy names its source next; the source is not a file of its own here.
    if (code.includes("R") || code.includes("C")) index += 1;
    const file = join(cwd, path);
    const content = existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "gone";
    changes.set(path, `${code} ${content}`);
  }
  return changes;
}

/**
 * Tracked files the run changed: changed now but not before, or changed
 * differently. A developer's own uncommitted edits, left as they were, are not blamed.
 * @param {Map<string, string>} before
 * @param {Map<string, string>} after
 * @returns {string[]}
 */
export function changedByRun(before, after) {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

/**
 * The summary's lines: one per stage, the skips with their reasons, the
 * tracked files the run changed, and last the `N passed, N failed, N skipped` line.
 * @param {Stage[]} stages
 * @param {string[]} changedFiles
 * @returns {{ lines: string[]; failed: number }}
 */
export function formatSummary(stages, changedFiles) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const stage of stages) {
    const stageFailed = stage.failed + stage.errors.length;
    passed += stage.passed;
    failed += stageFailed;
    skipped += stage.skipped;
    const errors = stage.errors.length > 0 ? ` (${plural(stage.errors.length, "error")} outside a test)` : "";
    lines.push(`${stage.name}: ${stage.passed} passed, ${stageFailed} failed${errors}, ${stage.skipped} skipped`);
    // Named here, by the last lines, so a log cut to its tail still says which test failed.
    for (const failure of stage.failures ?? []) lines.push(`  failed: ${failure}`);
    for (const error of stage.errors) lines.push(`  error: ${error}`);
    for (const skip of stage.skips) lines.push(`  skipped ${plural(skip.tests, "test")}: ${skip.reason}`);
  }
  if (changedFiles.length > 0) {
    failed += 1;
    lines.push(
      `tracked files changed by the run (tests must not write into the repository): ${changedFiles.join(", ")}`,
    );
  }
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { lines, failed };
}

/**
 * A failed test in one line: its full name, then the first line of its
 * error — and for a property test (fast-check), the seed and the shrunk
 * counterexample, so a random failure seen only in a CI log can be replayed.
 * @param {string} name
 * @param {string | undefined} message
 */
export function describeFailure(name, message) {
  const lines = stripVTControlCharacters(message ?? "")
    .trim()
    .split("\n");
  const first = lines[0] ?? "";
  if (!first) return name;
  const replay = lines
    .filter((line) => /^\{ seed: /.test(line) || line.startsWith("Counterexample: "))
    .map((line) => line.slice(0, 300));
  return [`${name} — ${first.slice(0, 200)}`, ...replay].join("\n    ");
}

/** @param {number} count @param {string} noun */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * @typedef {{ type: string; description?: string }} PlaywrightAnnotation
 * @typedef {{ status?: string; annotations?: PlaywrightAnnotation[]; results?: { annotations?: PlaywrightAnnotation[]; errors?: { message?: string }[] }[] }} PlaywrightTest
 * @typedef {{ title: string; specs?: { title: string; tests?: PlaywrightTest[] }[]; suites?: PlaywrightSuite[] }} PlaywrightSuite
 * @typedef {{ stats: { expected: number; unexpected: number; flaky: number; skipped: number };
 *   suites?: PlaywrightSuite[]; errors?: { message?: string; value?: string }[] }} PlaywrightReport
 */
