import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import type { Store } from "../../native-host/stores/store";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../support/host-process";
import { type Backend, describeEveryStore, plantInVault } from "./every-store";
import { sampleRecord } from "./store-contract";

const GITHUB = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const NOW = 1_700_000_000_000;

/** A record an older Twofold wrote from a QR code with a 300-character issuer. */
const longIssuer = (id: string) => ({ ...sampleRecord({ id }), issuer: "A".repeat(300), label: "me" });
/** A value that is not an account at all. */
const notAnAccount = (id: string) => ({ id, secret: "JBSWY3DPEHPK3PXP" });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describeEveryStore("a stored value that is not a valid account", (setup) => {
  let backend: Backend;
  let store: Store;
  let service: AccountService;
  let goodId: string;

  beforeEach(async () => {
    backend = await setup();
    store = await backend.open();
    service = new AccountService(store, () => NOW);
    goodId = (await service.add({ uri: GITHUB })).id;
    await backend.plant("longissuer0001", longIssuer("longissuer0001"));
    await backend.plant("notanaccount01", notAnAccount("notanaccount01"));
  });
  afterEach(async () => {
    await store.close();
    await backend.cleanup();
  });

  it("is set aside and reported; every other account still works", async () => {
    expect((await service.list()).map((account) => account.id)).toEqual([goodId]);
    expect((await service.codes()).map((code) => code.accountId)).toEqual([goodId]);
    expect((await service.codesForUrl("https://github.com/login")).map((match) => match.account.id)).toEqual([goodId]);
    const set = await service.quarantined();
    expect(set.map((entry) => entry.id).sort()).toEqual(["longissuer0001", "notanaccount01"]);
    expect(set.find((entry) => entry.id === "longissuer0001")).toEqual({
      id: "longissuer0001",
      reason: "the issuer is 300 characters long; Twofold keeps at most 256",
      name: `${"A".repeat(40)}… (me)`,
    });
    expect(set.find((entry) => entry.id === "notanaccount01")?.reason).toMatch(/^its \w[\w ]* is not valid \(/);
    expect(JSON.stringify(set)).not.toContain("JBSWY3DPEHPK3PXP");
  });

  it("is kept untouched by other writes, refused with how to fix it, and removed by its id", async () => {
    await service.setPinned(goodId, true);
    await service.add({ uri: "otpauth://totp/GitLab:bob?secret=KRSXG5CTMVRXEZLU&issuer=GitLab" });
    expect((await service.quarantined()).map((entry) => entry.id).sort()).toEqual(["longissuer0001", "notanaccount01"]);

    const refused = await failure(service.setPinned("longissuer0001", true));
    expect(isTwofoldError(refused, "STORE_CORRUPT")).toBe(true);
    expect((refused as Error).message).toMatch(
      /cannot be used: the issuer is 300 characters long; Twofold keeps at most 256\. .*add it again; then remove the unreadable copy with `twofold remove longissuer0001`/,
    );
    expect(isTwofoldError(await failure(service.codes(["longissuer0001"])), "STORE_CORRUPT")).toBe(true);

    // As `twofold remove ID` does it: find by id, then remove.
    const found = await service.findQuarantined("longiss");
    await service.remove(found?.id ?? "(not found)");
    // As the options page does it.
    const context = { accounts: async () => service } as unknown as HostContext;
    expect(await handleRequest("accounts.remove", { id: "notanaccount01" }, context)).toEqual({ removed: true });

    expect(await service.quarantined()).toEqual([]);
    expect((await service.list()).map((account) => account.issuer).sort()).toEqual(["GitHub", "GitLab"]);
  });
});

describe("the CLI with a set-aside value in the vault", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "twofold-quarantine-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const twofold = (...args: string[]) =>
    spawnSync(process.execPath, [HOST_BUNDLE, "--store", `file:${join(dir, "vault.json")}`, ...args], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir },
    });

  it("lists the readable accounts, says how to fix the other, and removes it by id", async () => {
    expect(twofold("add", GITHUB).status).toBe(0);
    await plantInVault(join(dir, "vault.json"), longIssuer("longissuer0001"));

    const list = twofold("list");
    expect(list.status).toBe(0);
    expect(list.stdout).toContain("GitHub");
    expect(list.stderr).toContain(
      "! longissuer0001 (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA… (me)) cannot be used and was set aside: the issuer is 300 characters long; Twofold keeps at most 256.",
    );
    expect(list.stderr).toContain("`twofold remove longissuer0001`");
    const json = twofold("list", "--json");
    expect((JSON.parse(json.stdout) as { issuer: string }[]).map((account) => account.issuer)).toEqual(["GitHub"]);

    const doctor = twofold("doctor", "--json");
    const findings = JSON.parse(doctor.stdout) as { level: string; message: string; fix?: string }[];
    expect(findings).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: expect.stringContaining("the stored account longissuer0001"),
        fix: expect.stringContaining("twofold remove longissuer0001"),
      }),
    );

    const removed = twofold("remove", "longissuer0001");
    expect(removed.status, removed.stderr).toBe(0);
    const after = twofold("list");
    expect(after.stderr).toBe("");
    expect(after.stdout).toContain("GitHub");
  });
});
