import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { z } from "zod";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { SCRYPT_MAXMEM, scryptCostProblem } from "./scrypt-cost";

/** scrypt cost: about 100 ms and 32 MiB on a laptop, once per process. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/**
 * scrypt parameters as a header states them. Their combined cost is bounded
 * by `scryptCostProblem` before any key is derived.
 */
export const ScryptHeader = z.object({
  name: z.literal("scrypt"),
  salt: Base64,
  N: z
    .number()
    .int()
    .min(2 ** 10),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
});
export type ScryptHeader = z.infer<typeof ScryptHeader>;

export const KdfHeader = z.discriminatedUnion("name", [ScryptHeader, z.object({ name: z.literal("keyfile") })]);
export type KdfHeader = z.infer<typeof KdfHeader>;

/** The on-disk form of an encrypted vault (AES-256-GCM). */
export const SealedVault = z.object({
  format: z.literal("twofold-vault"),
  version: z.literal(1),
  kdf: KdfHeader,
  iv: Base64,
  tag: Base64,
  data: Base64,
});
export type SealedVault = z.infer<typeof SealedVault>;

/** A fresh scrypt header with a random salt. */
export function newScryptHeader(): ScryptHeader {
  return { name: "scrypt", salt: randomBytes(16).toString("base64"), ...SCRYPT };
}

/**
 * Derives the 256-bit key of a vault or backup from a passphrase. Parameters
 * beyond the bounds of `scrypt-cost.ts` are refused (`TOO_LARGE`) before any
 * work; callers that can say more about the file check them first.
 */
export function deriveKey(passphrase: string, kdf: ScryptHeader): Promise<Buffer> {
  const problem = scryptCostProblem(kdf);
  if (problem !== null) {
    return Promise.reject(
      new TwofoldError(
        "TOO_LARGE",
        `Twofold will not derive this key: its header ${problem}. Nothing was read or changed.`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize("NFC"),
      Buffer.from(kdf.salt, "base64"),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT_MAXMEM },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** AES-256-GCM ciphertext with its nonce and tag, as base64. */
export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

/** Encrypts with AES-256-GCM under a fresh nonce, binding `aad` into the tag. */
export function gcmSeal(plaintext: Buffer, key: Buffer, aad: Buffer): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

/** Decrypts {@link gcmSeal}'s output; `null` when the key is wrong or anything was altered. */
export function gcmOpen(sealed: Sealed, key: Buffer, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]);
  } catch {
    return null;
  }
}

/** Encrypts `plaintext`, binding the header into the tag as associated data. */
export function seal(plaintext: Buffer, key: Buffer, kdf: KdfHeader): SealedVault {
  return { format: "twofold-vault", version: 1, kdf, ...gcmSeal(plaintext, key, associatedData(kdf)) };
}

/** Decrypts a sealed vault; `null` when the key is wrong or the data altered. */
export function open(sealed: SealedVault, key: Buffer): Buffer | null {
  return gcmOpen(sealed, key, associatedData(sealed.kdf));
}

function associatedData(kdf: KdfHeader): Buffer {
  return Buffer.from(JSON.stringify({ format: "twofold-vault", version: 1, kdf }));
}

/** Parses a vault file's text, or explains why it is not one. */
export function parseSealed(text: string, path: string): SealedVault {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(path, "it is not JSON");
  }
  const parsed = SealedVault.safeParse(json);
  if (!parsed.success) throw corrupt(path, "it is not a Twofold vault of a version this Twofold reads");
  const cost = parsed.data.kdf.name === "scrypt" ? scryptCostProblem(parsed.data.kdf) : null;
  // Twofold never writes such a header: refuse it before deriving, rather than spend gigabytes finding out.
  if (cost !== null) throw corrupt(path, `its header ${cost} (Twofold never writes such a header)`);
  return parsed.data;
}

export function corrupt(path: string, why: string): TwofoldError {
  return new TwofoldError(
    "STORE_CORRUPT",
    `The vault ${path} cannot be read: ${why}. It was left untouched; restore it from a backup or move it aside to start a new one.`,
  );
}
