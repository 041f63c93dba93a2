// A vitest reporter for `npm test`'s summary. Vitest's own JSON report leaves
// out errors thrown outside a test (an unhandled EPIPE, a rejected promise
// nobody awaited) and why a test was skipped; this one writes both to
// test-results/vitest-summary.json, in the stage shape scripts/test-summary.mjs reads.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describeFailure } from "./test-summary.mjs";

export const SUMMARY_FILE = "test-results/vitest-summary.json";

/** @typedef {import("vitest/node").TestModule} TestModule */
/** @typedef {import("vitest/node").TestCase} TestCase */

export default class VitestSummaryReporter {
  /** @param {{ outputFile?: string }} [options] */
  constructor(options = {}) {
    this.outputFile = resolve(options.outputFile ?? process.env.TWOFOLD_VITEST_SUMMARY ?? SUMMARY_FILE);
  }

  /**
   * @param {ReadonlyArray<TestModule>} testModules
   * @param {ReadonlyArray<{ name?: string; message?: string }>} unhandledErrors
   * @param {string} reason
   */
  onTestRunEnd(testModules, unhandledErrors, reason) {
    const stage = { name: "unit+host", passed: 0, failed: 0, skipped: 0, errors: [], skips: [], failures: [] };
    /** @type {Map<string, number>} */
    const skips = new Map();
    for (const error of unhandledErrors) stage.errors.push(`unhandled ${describeError(error)}`);
    for (const module of testModules) {
      for (const error of module.errors()) stage.errors.push(`${module.relativeModuleId}: ${describeError(error)}`);
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors()) stage.errors.push(`${suite.fullName}: ${describeError(error)}`);
      }
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "passed") stage.passed += 1;
        else if (result.state === "failed") {
          stage.failed += 1;
          const error = result.errors?.[0];
          const message = error ? `${error.name ?? "Error"}: ${error.message ?? ""}` : undefined;
          stage.failures.push(describeFailure(`${module.relativeModuleId}: ${test.fullName}`, message));
        } else if (result.state === "skipped") {
          stage.skipped += 1;
          const reason = `${module.relativeModuleId}: ${skipReason(test, result.note)}`;
          skips.set(reason, (skips.get(reason) ?? 0) + 1);
        } else stage.errors.push(`${test.fullName}: never finished`);
      }
    }
    if (reason === "interrupted") stage.errors.push("the run was interrupted");
    stage.skips = [...skips].map(([reason, tests]) => ({ reason, tests }));
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(stage, null, 2)}\n`);
  }
}

/**
 * Why a test was skipped: the note given to `ctx.skip(note)`, else the name
 * of the outermost skipped block, which carries the reason in its title
 * (`describe.skipIf(cond)("… (skipped: why)")`).
 * @param {TestCase} test
 * @param {string | undefined} note
 */
function skipReason(test, note) {
  if (note) return `${test.fullName} (${note})`;
  let outermost = test.options.mode === "skip" ? test.fullName : null;
  for (let parent = test.parent; parent.type === "suite"; parent = parent.parent) {
    if (parent.options.mode === "skip") outermost = parent.fullName;
  }
  return outermost ?? `${test.fullName} (no reason given)`;
}

/** @param {{ name?: string; message?: string }} error */
function describeError(error) {
  return `${error.name ?? "Error"}: ${(error.message ?? "").split("\n")[0]}`;
}
