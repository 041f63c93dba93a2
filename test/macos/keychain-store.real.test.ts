import { tmpdir } from "node:os";
import { describe } from "vitest";
import { KeychainStore } from "../../native-host/stores/keychain-store";
import { describeStoreContract } from "../host/store-contract";

// The `keychain` store against the real /usr/bin/security, in a throwaway
// keychain that the macOS workflow creates, unlocks and puts on the search
// list (TWOFOLD_REAL_KEYCHAIN names it), and deletes afterwards. On Linux the
// same suite runs against test/stand-ins/security (test/host/store-contract.test.ts);
// this is where the stand-in's claims meet the real tool.
const keychain = process.env.TWOFOLD_REAL_KEYCHAIN;
if (process.platform !== "darwin" || !keychain) {
  throw new Error("test/macos needs macOS and TWOFOLD_REAL_KEYCHAIN, the path of a throwaway unlocked keychain.");
}

describe("store contract: macOS login keychain (the real /usr/bin/security)", () =>
  describeStoreContract(async () => {
    const environment = { platform: "darwin" as const, home: tmpdir(), env: { PATH: process.env.PATH } };
    const open = async () => new KeychainStore(environment, { securityPath: "/usr/bin/security", keychain });
    // Each test starts from an empty keychain: remove what an earlier one left.
    const store = await open();
    for (const record of await store.records()) await store.remove(record.id);
    await store.close();
    return { open };
  }));
