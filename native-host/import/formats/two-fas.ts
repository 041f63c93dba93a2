import { createDecipheriv, pbkdf2 } from "node:crypto";
import { z } from "zod";
import type { Importer, ImportInput } from "../import-types";
import { notThisFormat, passwordNeeded, wrongPassword } from "./format-errors";
import { accountFromFields, collectEntries } from "./otp-fields";
import { looksLike, parseInnerJson, readEntry, readJson } from "./read-json";

const Backup = z.object({
  schemaVersion: z.number().int().optional(),
  services: z.array(z.unknown()),
  servicesEncrypted: z.string().optional(),
});

const Service = z.object({
  name: z.string().default(""),
  secret: z.string(),
  otp: z
    .object({
      account: z.string().optional(),
      label: z.string().optional(),
      issuer: z.string().optional(),
      digits: z.number().optional(),
      period: z.number().optional(),
      algorithm: z.string().optional(),
      tokenType: z.string().optional(),
      counter: z.number().optional(),
    })
    .default({}),
});

const FORMAT = "2FAS backup";
/** 2FAS derives its backup key with PBKDF2-HMAC-SHA256, 10,000 rounds, 256 bits (as Aegis' TwoFASImporter reads it). */
const PBKDF2_ROUNDS = 10_000;
const GCM_TAG_BYTES = 16;

/**
 * 2FAS Authenticator's `.2fas` backup: JSON with `services[]`. An encrypted
 * backup keeps them in `servicesEncrypted`, "ciphertext:salt:iv" in base64,
 * AES-256-GCM with the tag appended to the ciphertext (Java's layout).
 */
export const twoFas: Importer = {
  format: "2fas",
  name: "2FAS backup",
  detect: (input) => looksLike(input, z.object({ services: z.array(z.unknown()), schemaVersion: z.number() })),
  async parse(input) {
    const backup = readJson(input, Backup, FORMAT);
    const services = backup.servicesEncrypted
      ? await decryptServices(backup.servicesEncrypted, input)
      : backup.services;
    return collectEntries(
      services,
      (_, index) => `service ${index + 1}`,
      (value) => {
        const service = readEntry(Service, value);
        const kind = service.otp.tokenType ?? "TOTP";
        const account = accountFromFields({
          kind,
          issuer: service.otp.issuer || service.name,
          label: service.otp.account ?? service.otp.label ?? "",
          secret: service.secret,
          algorithm: service.otp.algorithm,
          digits: service.otp.digits,
          period: service.otp.period,
          counter: service.otp.counter,
        });
        return { account, domains: [] };
      },
    );
  },
};

async function decryptServices(encrypted: string, input: ImportInput): Promise<unknown[]> {
  const parts = encrypted.split(":");
  const [data, salt, iv] = parts.map((part) => Buffer.from(part, "base64"));
  if (
    parts.length < 3 ||
    data === undefined ||
    salt === undefined ||
    iv === undefined ||
    data.length <= GCM_TAG_BYTES
  ) {
    throw notThisFormat(FORMAT, "its servicesEncrypted field is not ciphertext:salt:iv");
  }
  if (!input.password) throw passwordNeeded(FORMAT);
  const key = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(input.password ?? "", salt, PBKDF2_ROUNDS, 32, "sha256", (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    throw wrongPassword(FORMAT);
  }
  const services = parseInnerJson(plaintext, FORMAT, "its decrypted services");
  if (!Array.isArray(services)) throw notThisFormat(FORMAT, "its decrypted services are not a list");
  return services;
}
