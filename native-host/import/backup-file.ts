import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import { deriveKey, newScryptHeader } from "../stores/vault-crypto";

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64");

/** scrypt parameters, bounded so a hostile file cannot ask for gigabytes. */
const BackupKdf = z.object({
  name: z.literal("scrypt"),
  salt: Base64,
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});

/**
 * A Twofold backup file: every record (secrets, bindings with their
 * sources, pins) as JSON, AES-256-GCM encrypted under a key from scrypt over
 * the export password. The header is bound into the tag as associated data,
 * so changing the scrypt parameters breaks the file instead of weakening it.
 */
export const BackupFile = z.object({
  format: z.literal("twofold-backup"),
  version: z.literal(1),
  kdf: BackupKdf,
  iv: Base64,
  tag: Base64,
  data: Base64,
});
export type BackupFile = z.infer<typeof BackupFile>;

/** What a backup decrypts to; records are checked one by one on import. */
export const BackupContent = z.object({ accounts: z.array(z.unknown()) });

/** Encrypts `plaintext` (the JSON of the accounts) under `password`. */
export async function sealBackup(plaintext: Buffer, password: string): Promise<BackupFile> {
  const header = newScryptHeader();
  if (header.name !== "scrypt") throw new Error("unreachable: the backup key always comes from scrypt");
  const kdf = { name: header.name, salt: header.salt, N: header.N, r: header.r, p: header.p };
  const key = await deriveKey(password, kdf);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(kdf));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    format: "twofold-backup",
    version: 1,
    kdf,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

/** Decrypts a backup; `null` when the password is wrong or the file was altered. */
export async function openBackup(file: BackupFile, password: string): Promise<Buffer | null> {
  const key = await deriveKey(password, file.kdf);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(file.iv, "base64"));
    decipher.setAAD(associatedData(file.kdf));
    decipher.setAuthTag(Buffer.from(file.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(file.data, "base64")), decipher.final()]);
  } catch {
    return null;
  }
}

function associatedData(kdf: z.infer<typeof BackupKdf>): Buffer {
  return Buffer.from(`twofold-backup:1:${kdf.name}:${kdf.salt}:${kdf.N}:${kdf.r}:${kdf.p}`);
}
