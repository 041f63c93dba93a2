import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccountService } from "../../../native-host/accounts/account-service";
import { decodeText } from "../../../native-host/import/decode-text";
import type { ImportInput } from "../../../native-host/import/import-types";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";

/** A file vault in a fresh temp folder, and what tests need around it. */
export interface TempVault {
  dir: string;
  path: string;
  store: FileVaultStore;
  service: AccountService;
  /** The vault file's bytes (empty when it does not exist yet). */
  bytes(): Promise<Buffer>;
  cleanup(): Promise<void>;
}

export async function tempVault(): Promise<TempVault> {
  const dir = await mkdtemp(join(tmpdir(), "twofold-import-"));
  const path = join(dir, "vault.json");
  const store = new FileVaultStore(path);
  return {
    dir,
    path,
    store,
    service: new AccountService(store),
    bytes: () => readFile(path).catch(() => Buffer.alloc(0)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The input `runImport` gets, decoded the way the CLI and the host decode it. */
export function inputOf(bytes: Buffer, password?: string): ImportInput {
  return { bytes, text: decodeText(bytes), password };
}
