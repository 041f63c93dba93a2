import { z } from "zod";
import { deriveKey, gcmOpen, gcmSeal, newScryptHeader, ScryptHeader } from "../stores/vault-crypto";

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64");

/**
 * A Twofold backup file: every record (secrets, bindings with their
 * sources, pins) as JSON, AES-256-GCM encrypted under a key from scrypt over
 * the export password. The header is bound into the tag as associated data,
 * so changing the scrypt parameters breaks the file instead of weakening it.
 */
export const BackupFile = z.object({
  format: z.literal("twofold-backup"),
  version: z.literal(1),
  kdf: ScryptHeader,
  iv: Base64,
  tag: Base64,
  data: Base64,
});
export type BackupFile = z.infer<typeof BackupFile>;

/** What a backup decrypts to; records are checked one by one on import. */
export const BackupContent = z.object({ accounts: z.array(z.unknown()) });

/** Encrypts `plaintext` (the JSON of the accounts) under `password`. */
export async function sealBackup(plaintext: Buffer, password: string): Promise<BackupFile> {
  const kdf = newScryptHeader();
  const key = await deriveKey(password, kdf);
  return { format: "twofold-backup", version: 1, kdf, ...gcmSeal(plaintext, key, associatedData(kdf)) };
}

/** Decrypts a backup; `null` when the password is wrong or the file was altered. */
export async function openBackup(file: BackupFile, password: string): Promise<Buffer | null> {
  return gcmOpen(file, await deriveKey(password, file.kdf), associatedData(file.kdf));
}

function associatedData(kdf: ScryptHeader): Buffer {
  return Buffer.from(`twofold-backup:1:${kdf.name}:${kdf.salt}:${kdf.N}:${kdf.r}:${kdf.p}`);
}
