import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { describeStoreContract } from "./store-contract";

// The registry's run (store-contract.test.ts) opens vaults with a key file; a passphrase vault is the other kind.
describe("store contract: file vault (passphrase)", () =>
  describeStoreContract(async () => {
    const dir = await mkdtemp(join(tmpdir(), "twofold-vault-"));
    const path = join(dir, "vault.json");
    return {
      open: async () => new FileVaultStore(path, { passphrase: "correct horse battery staple" }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }));
