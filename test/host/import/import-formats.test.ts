import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportAccounts } from "../../../native-host/import/export-accounts";
import { runImport } from "../../../native-host/import/run-import";
import { migrationUri, uriOf } from "./format-builders";
import { inputOf, type TempVault, tempVault } from "./import-store";
import { comparable, expectedRecord, KNOWN, sorted } from "./known-accounts";
import { FIXTURE_PASSWORD, type Fixture, makeFixtures } from "./make-fixtures";

let fixtures: Fixture[] = [];
let vault: TempVault;

beforeAll(async () => {
  fixtures = await makeFixtures();
}, 180_000);
beforeEach(async () => {
  vault = await tempVault();
});
afterEach(() => vault.cleanup());

const NAMES = [
  "otpauth list",
  "Google migration, 3 batches",
  "PNG of an otpauth QR",
  "JPEG of an otpauth QR",
  "PNG of a migration QR",
  "JPEG of a migration QR",
  "Aegis, plain",
  "Aegis, encrypted",
  "2FAS, plain",
  "2FAS, encrypted",
  "Bitwarden",
  "andOTP",
  "Apple Passwords CSV",
  "1Password CSV",
  "Twofold backup",
];

function fixture(name: string): Fixture {
  const found = fixtures.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no fixture named ${name}`);
  return found;
}

describe("every format imports to exactly the known accounts", () => {
  it("has a fixture of every format", () => {
    expect(fixtures.map((f) => f.name)).toEqual(NAMES);
    expect(new Set(fixtures.map((f) => f.format)).size).toBe(10);
  });

  it.each(
    NAMES.flatMap((name) => [
      { name, explicit: false },
      { name, explicit: true },
    ]),
  )("$name (format named: $explicit)", async ({ name, explicit }) => {
    const { format, bytes, password, expected } = fixture(name);
    const report = await runImport(vault.service, inputOf(bytes, password), { format: explicit ? format : undefined });
    expect(report.invalid).toEqual([]);
    expect(report.format).toBe(format);
    expect(report.applied).toBe(true);
    expect(report.added).toHaveLength(expected.length);
    expect(sorted((await vault.store.records()).map(comparable))).toEqual(sorted(expected));
  });
});

describe("mixed input", () => {
  it("takes plain otpauth lines beside Google migration batches", async () => {
    const lines = [migrationUri([KNOWN.github]), uriOf(KNOWN.steam)].join("\n");
    const report = await runImport(vault.service, inputOf(Buffer.from(lines)));
    expect(report.format).toBe("google-migration");
    expect(report.invalid).toEqual([]);
    expect(sorted((await vault.store.records()).map(comparable))).toEqual(
      sorted([expectedRecord(KNOWN.github), expectedRecord(KNOWN.steam)]),
    );
  });
});

describe("duplicates and dry runs", () => {
  it.each(NAMES)("%s: a second import finds only duplicates and leaves the store alone", async (name) => {
    const { bytes, password, expected } = fixture(name);
    await runImport(vault.service, inputOf(bytes, password));
    const before = await vault.bytes();
    const report = await runImport(vault.service, inputOf(bytes, password));
    expect(report.added).toEqual([]);
    expect(report.duplicates).toHaveLength(expected.length);
    expect(report.applied).toBe(false);
    expect(await vault.bytes()).toEqual(before);
  });

  it("reports duplicates within one file and adds the account once", async () => {
    const { bytes } = fixture("otpauth list");
    const twice = Buffer.concat([bytes, bytes]);
    const report = await runImport(vault.service, inputOf(twice));
    expect(report.added).toHaveLength(6);
    expect(report.duplicates).toHaveLength(6);
    expect(await vault.store.records()).toHaveLength(6);
  });

  it.each(NAMES)("%s: --dry-run reports what it would add and writes nothing", async (name) => {
    const { bytes, password, expected } = fixture(name);
    const report = await runImport(vault.service, inputOf(bytes, password), { dryRun: true });
    expect(report.applied).toBe(false);
    expect(report.added).toHaveLength(expected.length);
    expect(await vault.bytes()).toEqual(Buffer.alloc(0));
  });
});

describe("export round-trips", () => {
  it.each([
    { format: "backup" as const, password: FIXTURE_PASSWORD },
    { format: "otpauth" as const, password: undefined },
  ])("$format: export, import into an empty store, same accounts", async ({ format, password }) => {
    const source = fixture("Twofold backup");
    await runImport(vault.service, inputOf(source.bytes, source.password));
    const original = await vault.store.records();
    const text = await exportAccounts(original, { format, password });
    const target = await tempVault();
    try {
      const report = await runImport(target.service, inputOf(Buffer.from(text), password));
      expect(report.invalid).toEqual([]);
      const restored = sorted((await target.store.records()).map(comparable));
      const expected = sorted(original.map(comparable));
      if (format === "backup") {
        expect(restored).toEqual(expected);
      } else {
        // A URI list carries neither bindings nor pins: compare the rest.
        const strip = ({ domains: _d, pinned: _p, ...rest }: (typeof restored)[number]) => rest;
        expect(restored.map(strip)).toEqual(expected.map(strip));
      }
    } finally {
      await target.cleanup();
    }
  });

  it("restores an account bound to nothing as bound to nothing", async () => {
    const record = {
      ...vault.service.prepare({ uri: "otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub" }),
      domains: [],
    };
    const text = await exportAccounts([record], { format: "backup", password: "pw" });
    const report = await runImport(vault.service, inputOf(Buffer.from(text), "pw"));
    expect(report.added).toEqual([{ issuer: "GitHub", label: "me", domains: [] }]);
  });
});
