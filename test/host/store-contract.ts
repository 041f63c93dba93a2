import { expect, it } from "vitest";
import type { Store } from "../../native-host/stores/store";
import type { AccountRecord } from "../../src/otp/account";
import { isTwofoldError } from "../../src/protocol/twofold-error";

let counter = 0;

/** A valid record with a fresh id; `overrides` for the fields a test cares about. */
export function sampleRecord(overrides: Partial<AccountRecord> = {}): AccountRecord {
  counter += 1;
  return {
    id: `test${counter}${Math.random().toString(36).slice(2, 10)}`,
    issuer: "ACME",
    label: `user${counter}@example.com`,
    domains: [{ host: "acme.example", source: "user" }],
    pinned: false,
    otp: { kind: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: 0 },
    secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    addedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * The behaviour every store must have, as tests of the enclosing `describe`
 * (store-contract.test.ts declares them for every registered store). Each
 * `setup` is an empty backend; each `open` of it a separate handle on it (a
 * second host process), so changes are seen across handles.
 */
export function describeStoreContract(
  setup: () => Promise<{ open: () => Promise<Store>; cleanup?: () => Promise<void> }>,
): void {
  const withStore = async (test: (store: Store, open: () => Promise<Store>) => Promise<void>) => {
    const backend = await setup();
    const store = await backend.open();
    try {
      await test(store, backend.open);
    } finally {
      await store.close();
      await backend.cleanup?.();
    }
  };

  it("starts empty", () =>
    withStore(async (store) => {
      expect(await store.list()).toEqual([]);
      expect(await store.records()).toEqual([]);
    }));

  it("adds, lists without secrets, and reads records back exactly", () =>
    withStore(async (store) => {
      const a = sampleRecord({ issuer: "Ünïcödé ✓", label: "名前" });
      const b = sampleRecord({
        pinned: true,
        otp: { kind: "hotp", algorithm: "SHA512", digits: 8, period: 30, counter: 7 },
      });
      await store.add([a, b]);
      const listed = await store.list();
      expect(listed.map((account) => account.id).sort()).toEqual([a.id, b.id].sort());
      expect(JSON.stringify(listed)).not.toContain(a.secret);
      const records = await store.records();
      expect(records.find((record) => record.id === a.id)).toEqual(a);
      expect(records.find((record) => record.id === b.id)).toEqual(b);
    }));

  it("reads only the records asked for", () =>
    withStore(async (store) => {
      const [a, b, c] = [sampleRecord(), sampleRecord(), sampleRecord()];
      await store.add([a, b, c]);
      const some = await store.records([a.id, c.id, "missing"]);
      expect(some.map((record) => record.id).sort()).toEqual([a.id, c.id].sort());
    }));

  it("refuses a taken id and leaves the store as it was", () =>
    withStore(async (store) => {
      const a = sampleRecord();
      await store.add([a]);
      const fresh = sampleRecord();
      const error = await store.add([fresh, { ...sampleRecord(), id: a.id }]).catch((caught: unknown) => caught);
      expect(isTwofoldError(error, "ALREADY_EXISTS")).toBe(true);
      expect((await store.records()).map((record) => record.id)).toEqual([a.id]);
    }));

  it("refuses a batch that names one id twice, adding none of it", () =>
    withStore(async (store) => {
      const a = sampleRecord();
      const error = await store.add([a, { ...sampleRecord(), id: a.id }]).catch((caught: unknown) => caught);
      expect(isTwofoldError(error, "ALREADY_EXISTS")).toBe(true);
      expect(await store.records()).toEqual([]);
    }));

  it("refuses an update that changes the id, and keeps the account as it was", () =>
    withStore(async (store) => {
      const a = sampleRecord();
      await store.add([a]);
      const error = await store
        .update(a.id, (record) => ({ ...record, id: `${record.id}x` }))
        .catch((caught: unknown) => caught);
      expect(isTwofoldError(error, "BAD_REQUEST")).toBe(true);
      expect((error as Error).message).toMatch(/id cannot change/);
      expect(await store.records()).toEqual([a]);
    }));

  it("updates pins and domains, keeping everything else", () =>
    withStore(async (store) => {
      const a = sampleRecord();
      await store.add([a]);
      const updated = await store.update(a.id, (record) => ({
        ...record,
        pinned: true,
        domains: [{ host: "signin.acme.example", source: "remembered" }],
      }));
      expect(updated).toEqual({
        ...a,
        pinned: true,
        domains: [{ host: "signin.acme.example", source: "remembered" }],
      });
      expect((await store.records([a.id]))[0]).toEqual(updated);
    }));

  it("says NOT_FOUND for unknown ids on update and remove", () =>
    withStore(async (store) => {
      const update = await store.update("nosuchid", (record) => record).catch((caught: unknown) => caught);
      expect(isTwofoldError(update, "NOT_FOUND")).toBe(true);
      const remove = await store.remove("nosuchid").catch((caught: unknown) => caught);
      expect(isTwofoldError(remove, "NOT_FOUND")).toBe(true);
    }));

  it("removes one account and its secret", () =>
    withStore(async (store) => {
      const [a, b] = [sampleRecord(), sampleRecord()];
      await store.add([a, b]);
      await store.remove(a.id);
      expect((await store.records()).map((record) => record.id)).toEqual([b.id]);
    }));

  it("sees changes made through another handle (a second host)", () =>
    withStore(async (store, open) => {
      const other = await open();
      try {
        expect(await store.list()).toEqual([]);
        const a = sampleRecord();
        await other.add([a]);
        expect((await store.records()).map((record) => record.id)).toEqual([a.id]);
        await store.update(a.id, (record) => ({ ...record, pinned: true }));
        expect((await other.list())[0]?.pinned).toBe(true);
        await other.remove(a.id);
        expect(await store.list()).toEqual([]);
      } finally {
        await other.close();
      }
    }));

  it("keeps 200 accounts and lists them", () =>
    withStore(async (store) => {
      const many = Array.from({ length: 200 }, () => sampleRecord());
      await store.add(many);
      expect((await store.list()).length).toBe(200);
      expect((await store.records()).length).toBe(200);
    }));
}
