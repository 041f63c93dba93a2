import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  changedByRun,
  describeFailure,
  formatSummary,
  type PlaywrightReport,
  playwrightStage,
  type Stage,
  trackedChanges,
} from "../../scripts/test-summary.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-summary-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const stage = (overrides: Partial<Stage>): Stage => ({
  name: "unit+host",
  passed: 0,
  failed: 0,
  skipped: 0,
  errors: [],
  skips: [],
  ...overrides,
});

describe("the vitest summary reporter", () => {
  it("counts an error thrown outside any test as a failure, names each failed test, and gives each skip its reason", async () => {
    await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
    await writeFile(
      join(dir, "planted.test.mjs"),
      [
        'import { describe, it } from "vitest";',
        'it("passes, and leaves a broken pipe behind", () => new Promise((resolve) => {',
        '  setImmediate(() => { throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" }); });',
        "  setImmediate(resolve);",
        "}));",
        'it("passes", () => {});',
        'describe("codes", () => { it("fail by name", () => { throw new Error("expected 1 to be 2\\nmore detail"); }); });',
        'it("skips with a note", ({ skip }) => skip(true, "firefox-esr is not installed"));',
        'describe.skipIf(true)("Keyring suite (skipped: no keyring session)", () => { it("a", () => {}); it("b", () => {}); });',
        "",
      ].join("\n"),
    );
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
    const outcome = await run(
      process.execPath,
      [
        join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "--root",
        dir,
        "--reporter",
        join(ROOT, "scripts/vitest-summary-reporter.mjs"),
      ],
      { cwd: dir, env: { ...env, TWOFOLD_VITEST_SUMMARY: join(dir, "summary.json") } },
    ).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
    // Vitest itself exits 1 for the stray error although no test failed; the summary must agree.
    expect(outcome).toBe(1);
    const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as Stage;
    expect(summary).toMatchObject({ passed: 2, failed: 1, skipped: 3 });
    expect(summary.failures).toEqual(["planted.test.mjs: codes > fail by name — Error: expected 1 to be 2"]);
    expect(summary.errors).toEqual(["unhandled Error: write EPIPE"]);
    expect(summary.skips).toEqual([
      { reason: "planted.test.mjs: skips with a note (firefox-esr is not installed)", tests: 1 },
      { reason: "planted.test.mjs: Keyring suite (skipped: no keyring session)", tests: 2 },
    ]);
    expect(formatSummary([summary], []).lines.at(-1)).toBe("2 passed, 2 failed, 3 skipped");
  }, 180_000);
});

describe("the Playwright stage", () => {
  const report = (overrides: Partial<PlaywrightReport>): PlaywrightReport => ({
    stats: { expected: 3, unexpected: 0, flaky: 1, skipped: 2 },
    ...overrides,
  });

  it.each<[string, PlaywrightReport, Partial<Stage>]>([
    ["a flaky test passed in the end", report({}), { passed: 4, failed: 0, skipped: 2, errors: [] }],
    [
      "an error outside a test is listed",
      report({ errors: [{ message: "Error: worker process exited unexpectedly\n    at …" }] }),
      { errors: ["Error: worker process exited unexpectedly"] },
    ],
    [
      "a failed test is named with its error's first line",
      report({
        stats: { expected: 1, unexpected: 1, flaky: 0, skipped: 0 },
        suites: [
          {
            title: "autofill-fixtures.e2e.ts",
            specs: [
              {
                title: "fills github",
                tests: [
                  {
                    status: "unexpected",
                    results: [{ errors: [{ message: "\x1b[31mTimeout 30000ms exceeded\x1b[39m\nCall log:" }] }],
                  },
                ],
              },
            ],
          },
        ],
      }),
      { failed: 1, failures: ["autofill-fixtures.e2e.ts › fills github — Timeout 30000ms exceeded"] },
    ],
    [
      "a skip carries its test.skip reason, and one without a reason says so",
      report({
        suites: [
          {
            title: "secret-service.e2e.ts",
            suites: [
              {
                title: "with the host on a real GNOME Keyring",
                specs: [
                  {
                    title: "adds",
                    tests: [{ status: "skipped", annotations: [{ type: "skip", description: "needs a keyring" }] }],
                  },
                  { title: "lists", tests: [{ status: "skipped", annotations: [] }] },
                  { title: "runs", tests: [{ status: "expected" }] },
                ],
              },
            ],
          },
        ],
      }),
      {
        skips: [
          {
            reason: "secret-service.e2e.ts › with the host on a real GNOME Keyring › adds (needs a keyring)",
            tests: 1,
          },
          {
            reason: "secret-service.e2e.ts › with the host on a real GNOME Keyring › lists (no reason given)",
            tests: 1,
          },
        ],
      },
    ],
  ])("%s", (_name, input, expected) => {
    expect(playwrightStage(input)).toMatchObject({ name: "e2e", ...expected });
  });
});

describe("the summary", () => {
  it.each<[string, Stage[], string[], string[]]>([
    [
      "all passed",
      [stage({ passed: 5 })],
      [],
      ["unit+host: 5 passed, 0 failed, 0 skipped", "5 passed, 0 failed, 0 skipped"],
    ],
    [
      "an error outside a test fails the stage and the run",
      [stage({ passed: 5, errors: ["unhandled Error: write EPIPE"] })],
      [],
      [
        "unit+host: 5 passed, 1 failed (1 error outside a test), 0 skipped",
        "  error: unhandled Error: write EPIPE",
        "5 passed, 1 failed, 0 skipped",
      ],
    ],
    [
      "failed tests are named by the last lines",
      [stage({ passed: 1, failed: 1, failures: ["a.test.ts: codes > match — Error: expected 1 to be 2"] })],
      [],
      [
        "unit+host: 1 passed, 1 failed, 0 skipped",
        "  failed: a.test.ts: codes > match — Error: expected 1 to be 2",
        "1 passed, 1 failed, 0 skipped",
      ],
    ],
    [
      "a property test's failure keeps its seed and counterexample",
      [
        stage({
          failed: 1,
          failures: [
            describeFailure(
              "h.test.ts: adds any URI",
              'Property failed after 44 tests\n{ seed: 1, path: "43:0", endOnFailure: true }\nCounterexample: [{"uri":"otpauth://totp/%00"}]\nShrunk 15 time(s)\n\nExecution summary: …',
            ),
          ],
        }),
      ],
      [],
      [
        "unit+host: 0 passed, 1 failed, 0 skipped",
        '  failed: h.test.ts: adds any URI — Property failed after 44 tests\n    { seed: 1, path: "43:0", endOnFailure: true }\n    Counterexample: [{"uri":"otpauth://totp/%00"}]',
        "0 passed, 1 failed, 0 skipped",
      ],
    ],
    [
      "skips are listed with their reasons",
      [
        stage({
          passed: 1,
          skipped: 2,
          skips: [{ reason: "Firefox (skipped: firefox-esr is not installed)", tests: 2 }],
        }),
      ],
      [],
      [
        "unit+host: 1 passed, 0 failed, 2 skipped",
        "  skipped 2 tests: Firefox (skipped: firefox-esr is not installed)",
        "1 passed, 0 failed, 2 skipped",
      ],
    ],
    [
      "tracked files changed by the run are named and fail it",
      [stage({ passed: 1 })],
      ["docs/screenshots/popup-dark.png"],
      [
        "unit+host: 1 passed, 0 failed, 0 skipped",
        "tracked files changed by the run (tests must not write into the repository): docs/screenshots/popup-dark.png",
        "1 passed, 1 failed, 0 skipped",
      ],
    ],
  ])("%s", (_name, stages, changed, lines) => {
    expect(formatSummary(stages, changed).lines).toEqual(lines);
  });
});

describe("tracked files changed by a run", () => {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  const write = (name: string, text: string) => writeFile(join(dir, name), text);

  beforeEach(async () => {
    git("init", "--quiet");
    await write("a.txt", "a\n");
    await write("b.txt", "b\n");
    await write("c.txt", "c\n");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "start");
  });

  it("blames what the run changed, not a developer's own uncommitted edit", async () => {
    await write("a.txt", "a, edited by the developer\n");
    await write("b.txt", "b, edited by the developer\n");
    const before = trackedChanges(dir);
    expect(before).not.toBeNull();
    await write("b.txt", "b, edited again by a test\n");
    await write("c.txt", "c, overwritten by a test\n");
    await write("untracked.txt", "not the check's business\n");
    expect(changedByRun(before ?? new Map(), trackedChanges(dir) ?? new Map())).toEqual(["b.txt", "c.txt"]);
  });

  it("blames a deleted file", async () => {
    const before = trackedChanges(dir) ?? new Map();
    await rm(join(dir, "a.txt"));
    expect(changedByRun(before, trackedChanges(dir) ?? new Map())).toEqual(["a.txt"]);
  });

  it("is null outside a git checkout", async () => {
    const outside = await mkdtemp(join(tmpdir(), "twofold-no-git-"));
    try {
      expect(trackedChanges(outside)).toBeNull();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
