import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Environment } from "../../native-host/paths";
import { ICloudStore } from "../../native-host/stores/icloud-store";
import { KEYCHAIN_SERVICE, KeychainStore } from "../../native-host/stores/keychain-store";
import type { Store } from "../../native-host/stores/store";
import { AccountRecord } from "../../src/otp/account";
import { isTwofoldError } from "../../src/protocol/twofold-error";

// The record vectors (test/vectors/records.json) through the two macOS stores
// themselves, over their stand-ins: what each writes, and what each reads back
// from an item another writer left. test/unit/vectors.test.ts checks the same
// vectors through the encoding functions; the Swift tests check what the
// helper and the Safari handler make of them.
interface RecordVector {
  name: string;
  writtenBy: string;
  account: string;
  value: string;
  record: unknown;
}
const { vectors } = JSON.parse(await readFile(new URL("../vectors/records.json", import.meta.url), "utf8")) as {
  vectors: RecordVector[];
};

const stand = (name: string) => fileURLToPath(new URL(`../stand-ins/${name}`, import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A store over a stand-in whose state file starts as `state`, and how to read that file back. */
async function macStore(kind: "icloud" | "keychain", state: object) {
  const dir = await mkdtemp(join(tmpdir(), "twofold-vectors-"));
  const file = join(dir, `${kind}.json`);
  await writeFile(file, JSON.stringify(state));
  const environment: Environment = {
    platform: "darwin",
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_ICLOUD: file, TWOFOLD_FAKE_KEYCHAIN: file },
  };
  const store: Store =
    kind === "icloud"
      ? new ICloudStore(environment, { helperPath: stand("icloud-helper") })
      : new KeychainStore(environment, { securityPath: stand("security") });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { store, saved: async () => JSON.parse(await readFile(file, "utf8")) };
}

/** The stand-ins' state with one item holding `value`. */
const holding = {
  icloud: ({ account, value }: RecordVector) => ({ items: [{ account, label: "Twofold: x", value }] }),
  keychain: ({ account, value }: RecordVector) => ({
    items: [
      {
        class: "genp",
        acct: account,
        svce: KEYCHAIN_SERVICE,
        labl: "Twofold: x",
        cdat: "20240101000000Z",
        mdat: "20240101000000Z",
        data: Buffer.from(value, "utf8").toString("hex"),
      },
    ],
  }),
};

/** The records a store reads, or none when it refuses the item (today an error, later maybe a quarantine). */
async function read(store: Store): Promise<AccountRecord[]> {
  try {
    return await store.records();
  } catch (error) {
    if (isTwofoldError(error, "STORE_CORRUPT")) return [];
    throw error;
  }
}

describe.each(["icloud", "keychain"] as const)("the %s store and the record vectors", (kind) => {
  it.each(vectors)("reads $name", async (vector) => {
    const { store } = await macStore(kind, holding[kind](vector));
    expect(await read(store)).toEqual(vector.record === null ? [] : [vector.record]);
  });

  it.each(vectors.filter((vector) => vector.writtenBy === `${kind} store`))("writes $name", async (vector) => {
    const { store, saved } = await macStore(kind, { items: [] });
    await store.add([AccountRecord.parse(vector.record)]);
    const [item] = (await saved()).items as Array<{ value?: string; data?: string }>;
    const value = kind === "icloud" ? item?.value : Buffer.from(item?.data ?? "", "hex").toString("utf8");
    expect(value).toBe(vector.value);
  });
});
