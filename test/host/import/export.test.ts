import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliContext, ParsedArgs } from "../../../native-host/cli/command";
import { exportCommand } from "../../../native-host/cli/commands/export";
import { defaultExportName, writeExportFile } from "../../../native-host/import/export-accounts";
import { runImport } from "../../../native-host/import/run-import";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../../support/host-process";
import { uriOf } from "./format-builders";
import { inputOf, type TempVault, tempVault } from "./import-store";
import { ALL, comparable, sorted } from "./known-accounts";

const PASSWORD = "export password";
let vault: TempVault;

beforeEach(async () => {
  vault = await tempVault();
  for (const account of ALL) await vault.service.add({ uri: uriOf(account), pinned: account.pinned });
});
afterEach(() => vault.cleanup());

/** Runs `twofold export` in-process against the temp vault; what it printed, and its error. */
async function exportWith(values: ParsedArgs["values"], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const err: string[] = [];
  let opened = false;
  const context: CliContext = {
    environment: { platform: "linux", home: vault.dir, env },
    out: () => undefined,
    err: (line) => err.push(line),
    storeSpec: () => ({ kind: "file", path: vault.path }),
    accounts: async () => {
      opened = true;
      return vault.service;
    },
    stdin: Readable.from([]),
    stdout,
    hostScript: HOST_BUNDLE,
    version: "test",
  };
  const error = await Promise.resolve(exportCommand.run({ values, positionals: [] }, context)).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error !== null && !isTwofoldError(error)) throw error;
  return { error, stdout: Buffer.concat(chunks).toString("utf8"), err, opened };
}

const out = (name: string) => join(vault.dir, name);

describe("twofold export", () => {
  it("writes an encrypted backup readable only by its owner, with no secret or name in clear", async () => {
    const { error, err } = await exportWith({ output: out("backup.json") }, { TWOFOLD_EXPORT_PASSWORD: PASSWORD });
    expect(error).toBeNull();
    expect(err.join("\n")).toMatch(/Exported 6 accounts to .*backup\.json as an encrypted backup/);
    expect((await stat(out("backup.json"))).mode & 0o777).toBe(0o600);
    const text = await readFile(out("backup.json"), "utf8");
    for (const account of ALL) {
      expect(text).not.toContain(account.params.secret);
      expect(text).not.toContain(account.label);
    }
  });

  it.each([
    { format: undefined, plaintext: false, password: PASSWORD },
    { format: "otpauth", plaintext: true, password: undefined },
  ])("round-trips through a file (format $format)", async ({ format, plaintext, password }) => {
    const { error } = await exportWith(
      { output: out("export"), format, plaintext },
      { TWOFOLD_EXPORT_PASSWORD: password },
    );
    expect(error).toBeNull();
    const target = await tempVault();
    try {
      const report = await runImport(target.service, inputOf(await readFile(out("export")), password));
      expect(report.invalid).toEqual([]);
      const restored = sorted((await target.store.records()).map(comparable));
      const original = sorted((await vault.store.records()).map(comparable));
      if (format === undefined) expect(restored).toEqual(original);
      else
        expect(restored.map(({ issuer, label, otp, secret }) => ({ issuer, label, otp, secret }))).toEqual(
          original.map(({ issuer, label, otp, secret }) => ({ issuer, label, otp, secret })),
        );
    } finally {
      await target.cleanup();
    }
  });

  it.each([
    {
      name: "otpauth to a file without --plaintext",
      values: { format: "otpauth", output: "x.txt" },
      message: /--plaintext/,
    },
    {
      name: "otpauth to stdout without --plaintext",
      values: { format: "otpauth", output: "-" },
      message: /--plaintext/,
    },
    {
      name: "a backup without TWOFOLD_EXPORT_PASSWORD",
      values: { output: "x.json" },
      message: /set TWOFOLD_EXPORT_PASSWORD/,
    },
    { name: "an unknown format", values: { format: "csv", output: "x" }, message: /unknown format "csv"/ },
  ])("refuses $name, writing nothing and opening no store", async ({ values, message }) => {
    const before = await vault.bytes();
    const given: string | undefined = "output" in values ? values.output : undefined;
    const output = given === undefined || given === "-" ? given : out(given);
    const result = await exportWith({ ...values, output });
    expect(result.error?.message).toMatch(message);
    expect(result.opened).toBe(false);
    expect(result.stdout).toBe("");
    if (output && output !== "-") expect(existsSync(output)).toBe(false);
    expect(await vault.bytes()).toEqual(before);
  });

  it("refuses to overwrite a file, and replaces it (mode 0600) with --force", async () => {
    await writeFile(out("taken.json"), "keep me", { mode: 0o644 });
    const refused = await exportWith({ output: out("taken.json") }, { TWOFOLD_EXPORT_PASSWORD: PASSWORD });
    expect(refused.error?.code).toBe("ALREADY_EXISTS");
    expect(refused.error?.message).toMatch(/already exists.*--force/);
    expect(await readFile(out("taken.json"), "utf8")).toBe("keep me");
    const forced = await exportWith({ output: out("taken.json"), force: true }, { TWOFOLD_EXPORT_PASSWORD: PASSWORD });
    expect(forced.error).toBeNull();
    expect(await readFile(out("taken.json"), "utf8")).toMatch(/"format": "twofold-backup"/);
    expect((await stat(out("taken.json"))).mode & 0o777).toBe(0o600);
  });

  it.each([
    { values: { output: "-" }, expected: /"format": "twofold-backup"/ },
    { values: { output: "-", format: "otpauth", plaintext: true }, expected: /^otpauth:\/\/totp\//m },
  ])("writes to standard output with --output - ($values.format)", async ({ values, expected }) => {
    const result = await exportWith(values, { TWOFOLD_EXPORT_PASSWORD: PASSWORD });
    expect(result.error).toBeNull();
    expect(result.stdout).toMatch(expected);
  });

  it.each([
    { format: "backup" as const, name: "twofold-backup-2025-01-31.json" },
    { format: "otpauth" as const, name: "twofold-otpauth-2025-01-31.txt" },
  ])("names the file by format and day without --output ($name)", ({ format, name }) => {
    expect(defaultExportName(format, new Date("2025-01-31T23:00:00Z"))).toBe(name);
  });

  it("writeExportFile names a missing folder", async () => {
    const error = await writeExportFile(join(vault.dir, "no", "such", "file"), "x").catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "NOT_FOUND")).toBe(true);
  });
});

const run = promisify(execFile);

// Vitest's global setup builds the bundle; a skip here means that build was bypassed.
const unbuilt = !existsSync(HOST_BUNDLE);
const SKIP_REASON = "skipped: dist/twofold.cjs is not built; npm run build:host";
if (unbuilt) console.warn(`the built CLI: ${SKIP_REASON}`);
describe.skipIf(unbuilt)(unbuilt ? `the built CLI (${SKIP_REASON})` : "the built CLI", () => {
  it("exports from one file vault and imports into another", async () => {
    const env = { ...process.env, TWOFOLD_EXPORT_PASSWORD: PASSWORD, TWOFOLD_IMPORT_PASSWORD: PASSWORD };
    const target = `file:${out("copy.json")}`;
    await run(process.execPath, [HOST_BUNDLE, "--store", `file:${vault.path}`, "export", "--output", out("b.json")], {
      env,
    });
    const imported = await run(process.execPath, [HOST_BUNDLE, "--store", target, "import", out("b.json")], { env });
    expect(imported.stdout).toMatch(/Added 6, skipped 0 duplicate\(s\), 0 invalid \(twofold-backup\)\./);
    const listed = async (store: string) => {
      const { stdout } = await run(process.execPath, [HOST_BUNDLE, "--store", store, "list", "--json"], { env });
      const accounts: { id: string }[] = JSON.parse(stdout);
      return accounts.map(({ id: _id, ...rest }) => rest);
    };
    expect(await listed(target)).toEqual(await listed(`file:${vault.path}`));
  });
});
