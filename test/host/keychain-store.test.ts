import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Environment } from "../../native-host/paths";
import { decodePrinted, encodeValue, keychainLabel } from "../../native-host/stores/keychain/security-session";
import { KEYCHAIN_SERVICE, KeychainStore } from "../../native-host/stores/keychain-store";
import type { AccountRecord } from "../../src/otp/account";
import type { ErrorCode } from "../../src/protocol/error-codes";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { sampleRecord } from "./store-contract";

const SECURITY = fileURLToPath(new URL("../stand-ins/security", import.meta.url));
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A store over an empty fake keychain; `env` is live, so a test can change the simulation between calls. */
async function fixture(options: { securityPath?: string; keychain?: string } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "twofold-keychain-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const keychainFile = join(dir, "keychain.json");
  const environment: Environment = {
    platform: "darwin",
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_KEYCHAIN: keychainFile },
  };
  const store = new KeychainStore(environment, { securityPath: SECURITY, ...options });
  return { dir, keychainFile, environment, env: environment.env, store };
}

interface FakeItem {
  acct: string;
  svce: string;
  labl: string;
  data: string;
}

async function fakeItems(keychainFile: string): Promise<FakeItem[]> {
  return (JSON.parse(await readFile(keychainFile, "utf8")) as { items: FakeItem[] }).items;
}

async function seed(keychainFile: string, items: Array<{ acct: string; labl?: string; data: Buffer }>): Promise<void> {
  const stamp = "20240101120000Z";
  const stored = items.map(({ acct, labl, data }) => ({
    class: "genp",
    acct,
    svce: KEYCHAIN_SERVICE,
    labl: labl ?? "Twofold: seeded",
    cdat: stamp,
    mdat: stamp,
    data: data.toString("hex"),
  }));
  await writeFile(keychainFile, JSON.stringify({ items: stored }));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected the call to fail"),
    (error: unknown) => error,
  );
}

type Operation = (store: KeychainStore, existing: AccountRecord) => Promise<unknown>;

const operations = {
  records: (store) => store.records(),
  add: (store) => store.add([sampleRecord()]),
  update: (store, existing) => store.update(existing.id, (record) => ({ ...record, pinned: true })),
  remove: (store, existing) => store.remove(existing.id),
} satisfies Record<string, Operation>;

describe("keychain store: macOS refusals become typed errors", () => {
  it.each<[simulation: string, operation: keyof typeof operations, code: ErrorCode, hint: RegExp]>([
    ["locked", "records", "STORE_LOCKED", /security unlock-keychain/],
    ["locked", "add", "STORE_LOCKED", /security unlock-keychain/],
    ["locked", "update", "STORE_LOCKED", /security unlock-keychain/],
    ["locked", "remove", "STORE_LOCKED", /security unlock-keychain/],
    ["denied", "records", "ACCESS_DENIED", /Always Allow/],
    ["denied", "update", "ACCESS_DENIED", /Keychain Access/],
    ["denied", "remove", "ACCESS_DENIED", /Always Allow/],
    ["cancelled", "records", "USER_CANCELLED", /cancelled/],
    ["cancelled", "update", "USER_CANCELLED", /cancelled/],
    ["cancelled", "remove", "USER_CANCELLED", /cancelled/],
  ])("%s keychain: %s fails with %s and changes nothing", async (simulation, operation, code, hint) => {
    const { store, env } = await fixture();
    const existing = sampleRecord();
    await store.add([existing]);
    env.TWOFOLD_FAKE_SECURITY_FAIL = simulation;
    const error = await failure(operations[operation](store, existing));
    expect(isTwofoldError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toMatch(hint);
    delete env.TWOFOLD_FAKE_SECURITY_FAIL;
    expect(await store.records()).toEqual([existing]);
  });

  it("a keychain locked with lock-keychain reads as STORE_LOCKED too", async () => {
    const { store, keychainFile } = await fixture();
    const existing = sampleRecord();
    await store.add([existing]);
    const state = JSON.parse(await readFile(keychainFile, "utf8")) as Record<string, unknown>;
    await writeFile(keychainFile, JSON.stringify({ ...state, locked: true }));
    const error = await failure(store.records());
    expect(isTwofoldError(error, "STORE_LOCKED")).toBe(true);
  });

  it.each<[name: string, options: { securityPath?: string; keychain?: string }, code: ErrorCode, hint: RegExp]>([
    ["security is missing", { securityPath: "/nonexistent/usr/bin/security" }, "STORE_UNAVAILABLE", /secret-service/],
    [
      "the named keychain does not exist",
      { keychain: "/nowhere/other.keychain-db" },
      "STORE_UNAVAILABLE",
      /TWOFOLD_KEYCHAIN/,
    ],
  ])("%s: %s", async (_name, options, code, hint) => {
    const { store } = await fixture(options);
    // One call at a time: a second promise made up front would reject unobserved while the first is awaited.
    for (const call of [() => store.records(), () => store.add([sampleRecord()])]) {
      const error = await failure(call());
      expect(isTwofoldError(error, code), String(error)).toBe(true);
      expect((error as Error).message).toMatch(hint);
    }
  });

  it("says NOT_FOUND for an account removed by another host", async () => {
    const { store, environment } = await fixture();
    const existing = sampleRecord();
    await store.add([existing]);
    await new KeychainStore(environment, { securityPath: SECURITY }).remove(existing.id);
    const error = await failure(store.update(existing.id, (record) => record));
    expect(isTwofoldError(error, "NOT_FOUND")).toBe(true);
  });
});

describe("keychain store: values stay ASCII because `security -w` prints others as hex", () => {
  it("stores a non-ASCII record as printable ASCII and reads it back exactly", async () => {
    const { store, keychainFile } = await fixture();
    const record = sampleRecord({ issuer: "Ünïcödé ✓ 🔑", label: "名前\u007f" });
    await store.add([record]);
    const [item] = await fakeItems(keychainFile);
    const stored = Buffer.from(item?.data ?? "", "hex");
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((byte) => byte >= 0x20 && byte <= 0x7e)).toBe(true);
    expect(await store.records()).toEqual([record]);
    expect(item?.labl).toBe("Twofold: Unicode ? ? (??)");
  });

  it("decodes a value that security printed as hex (an item written by another tool)", async () => {
    const { store, keychainFile } = await fixture();
    const record = sampleRecord({ issuer: "Café" });
    // Raw UTF-8, not escaped: the stand-in prints it as ffffffXX hex, as the real tool does.
    await seed(keychainFile, [{ acct: record.id, data: Buffer.from(JSON.stringify(record), "utf8") }]);
    expect(await store.records()).toEqual([record]);
  });

  it.each<[printed: string, value: string | null]>([
    ['{"a":"b"}', '{"a":"b"}'],
    ["7b7d", "{}"],
    ["ffffffc3ffffffa9", "é"],
    ["7b09ffffffe2ffffff9cffffff937d", "{\t✓}"],
    ["7b7", null],
    ["not hex", null],
  ])("decodePrinted(%j) is %j", (printed, value) => {
    expect(decodePrinted(printed)).toBe(value);
  });

  it.each<[issuer: string]>([["ACME"], ["Ünïcödé"], ["emoji 🔑"], ['quote " and \\ backslash'], ["DEL \u007f"]])(
    "encodeValue keeps %j printable and exact",
    (issuer) => {
      const record = sampleRecord({ issuer });
      const value = encodeValue(record);
      expect(value).toMatch(/^[\x20-\x7e]+$/);
      expect(JSON.parse(value)).toEqual(record);
    },
  );

  it.each<[issuer: string, label: string, expected: string]>([
    ["ACME", "ada@example.com", "Twofold: ACME (ada@example.com)"],
    ["Ünïcödé", "", "Twofold: Unicode"],
    ["", "", "Twofold: (unnamed)"],
    ["x".repeat(200), "y", `Twofold: ${"x".repeat(116)}...`],
  ])("keychainLabel(%j, %j)", (issuer, label, expected) => {
    expect(keychainLabel({ issuer, label })).toBe(expected);
  });
});

describe("keychain store: how it drives security", () => {
  it("never puts a secret in the argv of a process it starts", async () => {
    const { dir, env, keychainFile } = await fixture();
    const log = join(dir, "argv.log");
    const shim = join(dir, "security");
    // Records every argv, then runs the stand-in with the same stdio.
    await writeFile(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\nexec "${SECURITY}" "$@"\n`);
    await chmod(shim, 0o755);
    const store = new KeychainStore({ platform: "darwin", home: dir, env }, { securityPath: shim });
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const record = sampleRecord({ secret });
    await store.add([record]);
    await store.update(record.id, (current) => ({ ...current, pinned: true }));
    expect(await store.records()).toEqual([{ ...record, pinned: true }]);
    await store.list();
    const stored = Buffer.from((await fakeItems(keychainFile))[0]?.data ?? "", "hex").toString("utf8");
    expect(stored).toContain(secret); // The secret did reach the keychain...
    const argv = await readFile(log, "utf8");
    expect(argv).toMatch(/^-i$/m);
    expect(argv).toMatch(/^dump-keychain$/m);
    // ...and never through argv, in any form.
    for (const form of [secret, Buffer.from(secret).toString("hex"), '"secret"', "secret"]) {
      expect(argv).not.toContain(form);
    }
    await store.remove(record.id);
    expect(await readFile(log, "utf8")).not.toContain(secret);
  });

  it("lists every account with one dump-keychain and one security -i, however many there are", async () => {
    const { dir, env } = await fixture();
    const log = join(dir, "argv.log");
    const shim = join(dir, "security");
    await writeFile(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\nexec "${SECURITY}" "$@"\n`);
    await chmod(shim, 0o755);
    const store = new KeychainStore({ platform: "darwin", home: dir, env }, { securityPath: shim });
    await store.add(Array.from({ length: 25 }, () => sampleRecord()));
    await writeFile(log, "");
    expect(await store.list()).toHaveLength(25);
    expect((await readFile(log, "utf8")).trim().split("\n")).toEqual(["dump-keychain", "-i"]);
  });

  it("copes with a security> prompt in its output", async () => {
    const { store, env } = await fixture();
    env.TWOFOLD_FAKE_SECURITY_PROMPT_STDOUT = "1";
    const [a, b] = [sampleRecord(), sampleRecord({ issuer: "security> not a prompt" })];
    await store.add([a, b]);
    await store.update(b.id, (record) => ({ ...record, pinned: true }));
    const records = await store.records();
    expect(records.find((record) => record.id === b.id)).toEqual({ ...b, pinned: true });
    expect(records).toHaveLength(2);
  });

  it("keeps an item's label when the issuer changes (security -U finds items by label)", async () => {
    const { store, keychainFile } = await fixture();
    const record = sampleRecord({ issuer: "Old name" });
    await store.add([record]);
    const updated = await store.update(record.id, (current) => ({ ...current, issuer: "New name" }));
    expect(await store.records()).toEqual([updated]);
    expect(updated.issuer).toBe("New name");
    expect((await fakeItems(keychainFile)).map((item) => item.labl)).toEqual([keychainLabel(record)]);
  });

  it("refuses a record too large for one security command, and writes nothing", async () => {
    const { store, keychainFile } = await fixture();
    const domains = Array.from({ length: 60 }, (_, index) => ({
      host: `login-${index}.a-rather-long-subdomain.example.com`,
      source: "user" as const,
    }));
    const small = sampleRecord();
    const error = await failure(store.add([small, sampleRecord({ domains })]));
    expect(isTwofoldError(error, "TOO_LARGE"), String(error)).toBe(true);
    expect(await readFile(keychainFile, "utf8").catch(() => "no file")).toBe("no file");
  });

  it("sets aside an item that is not an account, says STORE_CORRUPT, naming the fix, when it is used, and removes it", async () => {
    const { store, keychainFile } = await fixture();
    await seed(keychainFile, [{ acct: "brokenitem", data: Buffer.from("hunter2") }]);
    expect(await store.records()).toEqual([]);
    expect(await store.quarantined()).toEqual([
      { id: "brokenitem", reason: "its value is not JSON", name: "(unnamed)" },
    ]);
    const error = await failure(store.update("brokenitem", (record) => record));
    expect(isTwofoldError(error, "STORE_CORRUPT")).toBe(true);
    expect((error as Error).message).toContain("twofold remove brokenitem");
    await store.remove("brokenitem");
    expect(await store.quarantined()).toEqual([]);
  });

  it("ignores other programs' items and items of other services", async () => {
    const { store, keychainFile } = await fixture();
    const record = sampleRecord();
    await store.add([record]);
    const state = JSON.parse(await readFile(keychainFile, "utf8")) as { items: object[] };
    state.items.push({
      class: "genp",
      acct: record.id,
      svce: "com.example.other",
      labl: "x",
      cdat: "x",
      mdat: "x",
      data: "",
    });
    state.items.push({
      class: "genp",
      acct: "has space",
      svce: KEYCHAIN_SERVICE,
      labl: "x",
      cdat: "x",
      mdat: "x",
      data: "",
    });
    await writeFile(keychainFile, JSON.stringify(state));
    expect(await store.records()).toEqual([record]);
  });
});
