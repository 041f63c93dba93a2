import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateAccounts } from "../../native-host/accounts/migrate-accounts";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import type { Store } from "../../native-host/stores/store";
import type { AccountRecord } from "../../src/otp/account";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../support/host-process";
import { sampleRecord } from "./store-contract";

let dir: string;
let from: FileVaultStore;
let to: FileVaultStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-migrate-"));
  from = new FileVaultStore(join(dir, "from.json"));
  to = new FileVaultStore(join(dir, "to.json"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const records = () => [
  sampleRecord({ pinned: true, domains: [{ host: "acme.example", source: "remembered" }] }),
  sampleRecord({ otp: { kind: "hotp", algorithm: "SHA256", digits: 8, period: 30, counter: 9 } }),
  sampleRecord({ issuer: "Ünï", secret: "KRSXG5CTMVRXEZLU" }),
];

describe("migrateAccounts", () => {
  it("copies everything exactly and leaves the source alone by default", async () => {
    const originals = records();
    await from.add(originals);
    const report = await migrateAccounts(from, to, { removeSource: false });
    expect(report.copied).toHaveLength(3);
    expect(await to.records()).toEqual(originals);
    expect(await from.records()).toEqual(originals);
  });

  it("removes the source only with removeSource, after verifying", async () => {
    await from.add(records());
    const report = await migrateAccounts(from, to, { removeSource: true });
    expect(report.removedFromSource).toBe(3);
    expect(await from.records()).toEqual([]);
    expect(await to.records()).toHaveLength(3);
  });

  it("skips what is already there, so running it again is safe", async () => {
    await from.add(records());
    await migrateAccounts(from, to, { removeSource: false });
    const again = await migrateAccounts(from, to, { removeSource: false });
    expect(again).toMatchObject({ copied: [], removedFromSource: 0 });
    expect(again.alreadyThere).toHaveLength(3);
    expect(await to.records()).toHaveLength(3);
  });

  it("removes nothing when a copy does not read back as written", async () => {
    const originals = records();
    await from.add(originals);
    // A target that silently corrupts what it stores.
    const lossy: Store = {
      spec: "lossy",
      list: () => to.list(),
      quarantined: () => to.quarantined(),
      records: async (ids) => (await to.records(ids)).map((record) => ({ ...record, secret: "AAAAAAAAAAAAAAAA" })),
      add: (added: readonly AccountRecord[]) => to.add(added),
      update: (id, change) => to.update(id, change),
      remove: (id) => to.remove(id),
      close: () => to.close(),
    };
    const error = await migrateAccounts(from, lossy, { removeSource: true }).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toContain("Nothing was removed");
    expect(await from.records()).toEqual(originals);
  });

  it("runs from the CLI", async () => {
    await from.add(records());
    const result = spawnSync(
      process.execPath,
      [HOST_BUNDLE, "migrate", "--from", `file:${from.path}`, "--to", `file:${to.path}`, "--remove-source"],
      { encoding: "utf8" },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Copied 3 account(s)");
    expect(await from.list()).toEqual([]);
    expect(await to.list()).toHaveLength(3);
  });
});
