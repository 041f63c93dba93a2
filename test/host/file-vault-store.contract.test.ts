import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("file vault (key file)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "twofold-vault-"));
  const path = join(dir, "vault.json");
  return { open: async () => new FileVaultStore(path), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describeStoreContract("file vault (passphrase)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "twofold-vault-"));
  const path = join(dir, "vault.json");
  return {
    open: async () => new FileVaultStore(path, { passphrase: "correct horse battery staple" }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
