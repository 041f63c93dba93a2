import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importSummary } from "../../../native-host/cli/import-summary";
import type { ImportReport } from "../../../src/protocol/methods";
import { GITHUB_URI, UNKNOWN_ISSUER_URI, withTempCli } from "./temp-cli";

const cli = withTempCli();
const PASSWORD = "export password";

const report = (added: number, duplicates: number, invalid: number, applied: boolean): ImportReport => ({
  format: "otpauth",
  applied,
  added: Array.from({ length: added }, (_, i) => ({ issuer: `New ${i}`, label: "", domains: [] })),
  duplicates: Array.from({ length: duplicates }, (_, i) => ({ issuer: `Old ${i}`, label: "" })),
  invalid: Array.from({ length: invalid }, (_, i) => ({ position: `line ${i + 1}`, reason: "bad" })),
});

describe("importSummary says what happened", () => {
  it.each([
    [report(2, 1, 0, true), false, "out", 0, "Added 2, skipped 1 duplicate(s), 0 invalid (otpauth)."],
    [
      report(2, 1, 0, false),
      true,
      "out",
      0,
      "Would add 2, skip 1 already in Twofold, 0 invalid (otpauth). Nothing was written (--dry-run).",
    ],
    [report(0, 3, 0, false), false, "out", 0, "Nothing to add: all 3 accounts are already in Twofold (otpauth)."],
    [report(0, 1, 0, false), false, "out", 0, "Nothing to add: its one account is already in Twofold (otpauth)."],
    [report(0, 0, 0, false), false, "out", 0, "Nothing to add: the file holds no accounts (otpauth)."],
    [
      report(2, 0, 1, false),
      false,
      "err",
      1,
      "Imported nothing: 1 entry is invalid (listed above), so the 2 good ones were not added either. Fix the file, or pass --partial to import the rest.",
    ],
    [
      report(0, 2, 2, false),
      false,
      "err",
      1,
      "Nothing to add: 2 entries are invalid (listed above) and 2 are already in Twofold (otpauth).",
    ],
  ])("%#: %j", (given, dryRun, stream, status, line) => {
    expect(importSummary(given, dryRun)).toEqual({ line, stream, status });
  });
});

describe("twofold import and export", () => {
  it("importing what is already there says so, and never 'Would add' without --dry-run", async () => {
    await cli().seed(GITHUB_URI);
    await cli().seed(UNKNOWN_ISSUER_URI, ["example.com"]);
    const result = cli().run(["import", "-"], { input: `${GITHUB_URI}\n${UNKNOWN_ISSUER_URI}\n` });
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).not.toContain("Would add");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Nothing to add: all 2 accounts are already in Twofold (otpauth).",
    );
  });

  it("export needs --output, and says so in one line without touching the store", () => {
    const result = cli().run(["export"], { env: { TWOFOLD_EXPORT_PASSWORD: PASSWORD } });
    expect(result).toMatchObject({ status: 2, stdout: "" });
    expect(result.stderr).toMatch(/^twofold: say where to write the backup: --output FILE, a folder/);
  });

  it.each([
    ["a folder", ".", /^twofold-backup-\d{4}-\d{2}-\d{2}\.json$/],
    ["a relative file", "mine.json", /^mine\.json$/],
  ])("export into %s prints the absolute path it wrote", async (_name, output, name) => {
    await cli().seed(GITHUB_URI);
    const result = cli().run(["export", "--output", output], { env: { TWOFOLD_EXPORT_PASSWORD: PASSWORD } });
    expect(result.status, result.stderr).toBe(0);
    const path = /^Exported 1 account to (\/\S+) as an encrypted backup\.$/.exec(result.stderr.trimEnd())?.[1];
    expect(path, result.stderr).toBeDefined();
    expect(path?.startsWith(`${cli().dir}/`)).toBe(true);
    expect(path?.slice(cli().dir.length + 1)).toMatch(name);
    expect((await stat(path ?? "")).mode & 0o777).toBe(0o600);
  });

  it("a backup without TWOFOLD_EXPORT_PASSWORD names the variable", () => {
    const result = cli().run(["export", "--output", join(cli().dir, "b.json")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/set TWOFOLD_EXPORT_PASSWORD/);
  });
});
