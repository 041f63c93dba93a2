import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Environment } from "../../native-host/paths";
import type { HelperError } from "../../native-host/stores/icloud-helper-protocol";
import { defaultHelperPath, ICloudStore, mapHelperError } from "../../native-host/stores/icloud-store";
import type { ErrorCode } from "../../src/protocol/error-codes";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { sampleRecord } from "./store-contract";

const HELPER = fileURLToPath(new URL("../stand-ins/icloud-helper", import.meta.url));
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A store over an empty fake iCloud keychain; `env` is live and read when the helper starts. */
async function fixture(options: { helperPath?: string; timeoutMs?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "twofold-icloud-test-"));
  const iCloudFile = join(dir, "icloud.json");
  const environment: Environment = {
    platform: "darwin",
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_ICLOUD: iCloudFile },
  };
  const store = new ICloudStore(environment, { helperPath: HELPER, ...options });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, iCloudFile, environment, env: environment.env, store };
}

/** A wrapper that logs each start of the helper (with its argv) and then runs the stand-in. */
async function loggingShim(dir: string): Promise<{ shim: string; log: string }> {
  const log = join(dir, "starts.log");
  const shim = join(dir, "twofold-keychain-helper");
  await writeFile(shim, `#!/bin/sh\nprintf 'start %s\\n' "$*" >> "${log}"\nexec "${HELPER}" "$@"\n`);
  await chmod(shim, 0o755);
  return { shim, log };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected the call to fail"),
    (error: unknown) => error,
  );
}

describe("iCloud store: helper errors become typed errors", () => {
  it.each<[simulation: string, code: ErrorCode, hint: RegExp]>([
    ["missing-entitlement", "STORE_UNAVAILABLE", /keychain-access-groups entitlement.*iCloud keychain/],
    ["locked", "STORE_LOCKED", /locked/],
    ["cancelled", "USER_CANCELLED", /cancelled/],
    ["unavailable", "STORE_UNAVAILABLE", /turn on iCloud Keychain/],
  ])("TWOFOLD_FAKE_ICLOUD_FAIL=%s gives %s, then the store works once it is fixed", async (simulation, code, hint) => {
    const { store, env } = await fixture();
    const existing = sampleRecord();
    await store.add([existing]);
    await store.close();
    env.TWOFOLD_FAKE_ICLOUD_FAIL = simulation;
    for (const call of [
      store.records(),
      store.add([sampleRecord()]),
      store.update(existing.id, (record) => record),
      store.remove(existing.id),
    ]) {
      const error = await failure(call);
      expect(isTwofoldError(error, code), String(error)).toBe(true);
      expect((error as Error).message).toMatch(hint);
    }
    await store.close();
    delete env.TWOFOLD_FAKE_ICLOUD_FAIL;
    expect(await store.records()).toEqual([existing]);
  });

  it.each<[name: string, helperPath: (dir: string) => Promise<string>, hint: RegExp]>([
    ["missing", async (dir) => join(dir, "nowhere", "twofold-keychain-helper"), /not installed.*build-helper\.sh/],
    [
      "not executable",
      async (dir) => {
        const path = join(dir, "not-executable");
        await writeFile(path, "#!/bin/sh\n");
        return path;
      },
      /Cannot run.*build-helper\.sh/,
    ],
  ])("a %s helper gives STORE_UNAVAILABLE with the build instructions", async (_name, helperPath, hint) => {
    const { dir, environment } = await fixture();
    const store = new ICloudStore(environment, { helperPath: await helperPath(dir) });
    const error = await failure(store.list());
    expect(isTwofoldError(error, "STORE_UNAVAILABLE"), String(error)).toBe(true);
    expect((error as Error).message).toMatch(hint);
    await store.close();
  });

  it("refuses a helper that speaks another protocol version", async () => {
    const { store, env } = await fixture();
    env.TWOFOLD_FAKE_ICLOUD_PROTOCOL = "2";
    const error = await failure(store.list());
    expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/protocol 2.*needs 1/);
  });

  it("reports a helper crash clearly, then starts a new helper on the next call", async () => {
    const { store, env } = await fixture();
    const record = sampleRecord();
    await store.add([record]);
    env.TWOFOLD_FAKE_ICLOUD_CRASH = "list";
    await store.close(); // The next call starts a helper that crashes on "list".
    const error = await failure(store.records());
    expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/stopped unexpectedly \(signal SIGKILL\): Fatal error: simulated crash/);
    delete env.TWOFOLD_FAKE_ICLOUD_CRASH;
    expect(await store.records()).toEqual([record]);
  });

  it("rejects a request the helper never answers, and recovers", async () => {
    // Long enough for a helper to start on a busy machine: the recovery below waits on a fresh one.
    const { store, env } = await fixture({ timeoutMs: 5_000 });
    env.TWOFOLD_FAKE_ICLOUD_HANG = "list";
    const error = await failure(store.records());
    expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/did not answer within/);
    delete env.TWOFOLD_FAKE_ICLOUD_HANG;
    expect(await store.records()).toEqual([]);
  });

  it("undoes a partial add, and a helper crash during add leaves nothing behind", async () => {
    const { store, env, iCloudFile } = await fixture();
    const first = sampleRecord();
    await store.add([first]);
    const [a, b] = [sampleRecord(), sampleRecord()];
    const error = await failure(store.add([a, { ...b, id: first.id }]));
    expect(isTwofoldError(error, "ALREADY_EXISTS")).toBe(true);
    expect(await store.records()).toEqual([first]);
    env.TWOFOLD_FAKE_ICLOUD_CRASH = "put";
    await store.close();
    expect(isTwofoldError(await failure(store.add([a])), "STORE_UNAVAILABLE")).toBe(true);
    const stored = JSON.parse(await readFile(iCloudFile, "utf8")) as { items: Array<{ account: string }> };
    expect(stored.items.map((item) => item.account)).toEqual([first.id]);
  });

  it.each<[error: HelperError, code: ErrorCode]>([
    [{ code: "missingEntitlement", osStatus: -34018, message: "" }, "STORE_UNAVAILABLE"],
    [{ code: "notFound", osStatus: -25300, message: "" }, "NOT_FOUND"],
    [{ code: "duplicate", osStatus: -25299, message: "" }, "ALREADY_EXISTS"],
    [{ code: "interactionNotAllowed", osStatus: -25308, message: "" }, "STORE_LOCKED"],
    [{ code: "userCancelled", osStatus: -128, message: "" }, "USER_CANCELLED"],
    [{ code: "authFailed", osStatus: -25293, message: "" }, "ACCESS_DENIED"],
    [{ code: "keychainUnavailable", osStatus: -25291, message: "" }, "STORE_UNAVAILABLE"],
    // The OSStatus decides over the helper's classification...
    [{ code: "internal", osStatus: -25308, message: "" }, "STORE_LOCKED"],
    // ...and the classification decides when there is no OSStatus.
    [{ code: "badRequest", osStatus: null, message: "no account" }, "INTERNAL"],
    [{ code: "internal", osStatus: -50, message: "errSecParam" }, "STORE_UNAVAILABLE"],
  ])("mapHelperError(%j) is %s", (error, code) => {
    expect(mapHelperError(error, "acct1").code).toBe(code);
  });
});

describe("iCloud store: the helper process", () => {
  it("starts one helper per store and keeps it, with no secret in its argv", async () => {
    const { dir, environment } = await fixture();
    const { shim, log } = await loggingShim(dir);
    const store = new ICloudStore(environment, { helperPath: shim });
    const record = sampleRecord({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" });
    await store.add([record]);
    await store.update(record.id, (current) => ({ ...current, pinned: true }));
    expect(await store.records()).toEqual([{ ...record, pinned: true }]);
    await store.remove(record.id);
    await store.close();
    expect(await readFile(log, "utf8")).toBe("start \n");
  });

  it("answers concurrent requests by id", async () => {
    const { store } = await fixture();
    const records = Array.from({ length: 20 }, () => sampleRecord());
    await Promise.all(records.map((record) => store.add([record])));
    const lists = await Promise.all(records.map((record) => store.records([record.id])));
    expect(lists).toEqual(records.map((record) => [record]));
  });

  it("sets aside an item that is not an account, and says STORE_CORRUPT, naming the fix, when it is used", async () => {
    const { store, iCloudFile } = await fixture();
    await writeFile(iCloudFile, JSON.stringify({ items: [{ account: "broken1", label: "x", value: "hunter2" }] }));
    expect(await store.records()).toEqual([]);
    expect(await store.quarantined()).toEqual([{ id: "broken1", reason: "its value is not JSON", name: "(unnamed)" }]);
    const error = await failure(store.update("broken1", (record) => record));
    expect(isTwofoldError(error, "STORE_CORRUPT")).toBe(true);
    expect((error as Error).message).toContain("twofold remove broken1");
  });

  it.each<[env: Record<string, string>, expected: string]>([
    [
      {},
      "/Users/ada/Library/Application Support/Twofold/TwofoldKeychainHelper.app/Contents/MacOS/twofold-keychain-helper",
    ],
    [{ TWOFOLD_DATA_DIR: "/opt/tf" }, "/opt/tf/TwofoldKeychainHelper.app/Contents/MacOS/twofold-keychain-helper"],
  ])("the default helper path with %j is %s", (env, expected) => {
    const environment: Environment = { platform: "darwin", home: "/Users/ada", env };
    expect(defaultHelperPath(environment)).toBe(expected);
    expect(new ICloudStore(environment).helperPath).toBe(expected);
    expect(new ICloudStore({ ...environment, env: { ...env, TWOFOLD_ICLOUD_HELPER: "/x/helper" } }).helperPath).toBe(
      "/x/helper",
    );
  });
});
