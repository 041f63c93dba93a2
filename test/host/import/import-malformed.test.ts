import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runImport } from "../../../native-host/import/run-import";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { uriOf } from "./format-builders";
import { inputOf, type TempVault, tempVault } from "./import-store";
import { ALL, KNOWN } from "./known-accounts";
import { text } from "./malformed-case";
import { FILE_CASES } from "./malformed-file-cases";
import { TEXT_CASES } from "./malformed-text-cases";

const { github, buecher, vpn, japan, steam } = KNOWN;
const CASES = [...TEXT_CASES, ...FILE_CASES];

let vault: TempVault;
beforeEach(async () => {
  vault = await tempVault();
  await vault.service.add({ uri: uriOf(japan) });
});
afterEach(() => vault.cleanup());

const SECRETS = ALL.map((account) => account.params.secret);

describe("malformed imports get a clear error and leave the store byte for byte as it was", () => {
  it("has at least 40 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)("$name", async ({ input, format, password, expect: expected }) => {
    const before = await vault.bytes();
    const made = await input();
    const importInput = Buffer.isBuffer(made) ? inputOf(made, password) : made;
    const outcome = await runImport(vault.service, importInput, { format }).then(
      (report) => ({ report, error: null }),
      (error: unknown) => ({ report: null, error }),
    );
    if ("error" in expected) {
      expect(outcome.report).toBeNull();
      if (!isTwofoldError(outcome.error)) throw outcome.error;
      expect(outcome.error.code).toBe(expected.error);
      expect(outcome.error.message).toMatch(expected.message);
      for (const known of SECRETS) expect(outcome.error.message).not.toContain(known);
    } else {
      if (outcome.report === null) throw outcome.error;
      expect(outcome.report.applied).toBe(false);
      const problem = outcome.report.invalid.find((entry) => expected.invalid.test(entry.reason));
      expect(problem, JSON.stringify(outcome.report.invalid)).toBeDefined();
      if (expected.position) expect(problem?.position).toMatch(expected.position);
      for (const known of SECRETS) expect(JSON.stringify(outcome.report.invalid)).not.toContain(known);
    }
    expect(await vault.bytes()).toEqual(before);
  });
});

describe("all or nothing", () => {
  const fiveGoodOneBad = () =>
    text(`${[github, buecher, KNOWN.example, vpn, steam].map(uriOf).join("\n")}\notpauth://totp/bad?secret=1\n`);

  it.each([
    { partial: false, added: 0 },
    { partial: true, added: 5 },
  ])("5 good entries and 1 bad, partial: $partial → $added added", async ({ partial, added }) => {
    const before = await vault.bytes();
    const report = await runImport(vault.service, inputOf(fiveGoodOneBad()), { partial });
    expect(report.invalid).toHaveLength(1);
    expect(report.applied).toBe(partial);
    expect(await vault.store.records()).toHaveLength(1 + added);
    if (!partial) expect(await vault.bytes()).toEqual(before);
  });
});
