import { createCipheriv, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";

/** AES-256-GCM, returning the parts separately as Aegis and 2FAS store them. */
function gcm(key: Buffer, plaintext: Buffer): { nonce: Buffer; data: Buffer; tag: Buffer } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, data, tag: cipher.getAuthTag() };
}

/**
 * Encrypts an Aegis database exactly as Aegis does (Aegis' docs/vault.md): a random
 * master key encrypts the database; a password slot holds the master key
 * encrypted under scrypt(password, salt, N=2^15, r=8, p=1). A biometric slot
 * comes first, as in a real vault with fingerprint unlock.
 */
export function encryptAegis(database: unknown, password: string): unknown {
  const masterKey = randomBytes(32);
  const salt = randomBytes(32);
  const params = { n: 2 ** 15, r: 8, p: 1 };
  const slotKey = scryptSync(Buffer.from(password, "utf8"), salt, 32, {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: 64 * 1024 * 1024,
  });
  const wrapped = gcm(slotKey, masterKey);
  const db = gcm(masterKey, Buffer.from(JSON.stringify(database)));
  return {
    version: 1,
    header: {
      slots: [
        {
          type: 2,
          uuid: "3c9a1d1e-4f1c-4c8e-9f0a-000000000002",
          key: randomBytes(32).toString("hex"),
          key_params: { nonce: randomBytes(12).toString("hex"), tag: randomBytes(16).toString("hex") },
        },
        {
          type: 1,
          uuid: "3c9a1d1e-4f1c-4c8e-9f0a-000000000001",
          key: wrapped.data.toString("hex"),
          key_params: { nonce: wrapped.nonce.toString("hex"), tag: wrapped.tag.toString("hex") },
          ...params,
          salt: salt.toString("hex"),
          repaired: true,
          is_backup: false,
        },
      ],
      params: { nonce: db.nonce.toString("hex"), tag: db.tag.toString("hex") },
    },
    db: db.data.toString("base64"),
  };
}

/**
 * Encrypts 2FAS services as 2FAS does: PBKDF2-HMAC-SHA256 (10,000 rounds)
 * to an AES-256-GCM key; "ciphertext+tag:salt:iv" in base64.
 */
export function encryptTwoFasServices(services: unknown[], password: string): string {
  const salt = randomBytes(256);
  const key = pbkdf2Sync(password, salt, 10_000, 32, "sha256");
  const sealed = gcm(key, Buffer.from(JSON.stringify(services)));
  return [Buffer.concat([sealed.data, sealed.tag]), salt, sealed.nonce]
    .map((part) => part.toString("base64"))
    .join(":");
}
