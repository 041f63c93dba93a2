import { Secret } from "otpauth";
import { z } from "zod";
import { parseOtpUri } from "../../../src/otp/parse-otpauth-uri";
import type { Importer, ImportParse } from "../import-types";
import { ALGORITHMS, DIGITS, MigrationPayload, OTP_TYPES } from "./google-migration-payload";
import { accountFromFields, collectEntries, entryError, reasonOf, splitName } from "./otp-fields";
import { readEntry } from "./read-json";

const MIGRATION_LINE = /^\s*otpauth-migration:\/\//im;

const Batch = z.object({
  otpParameters: z.array(z.unknown()),
  batchSize: z.number().int(),
  batchIndex: z.number().int(),
  batchId: z.number().int(),
});

const OtpParameters = z.object({
  secret: z.string(),
  name: z.string(),
  issuer: z.string(),
  algorithm: z.number().int(),
  digits: z.number().int(),
  type: z.number().int(),
  counter: z.string().regex(/^\d+$/, "a counter of 0 or more"),
});

/**
 * Google Authenticator's "Transfer accounts" export: one
 * `otpauth-migration://offline?data=…` URI per QR code, the data a
 * URL-encoded base64 protobuf `MigrationPayload`. Big exports are split over
 * several QR codes (batches); each line here is one of them.
 */
export const googleMigration: Importer = {
  format: "google-migration",
  name: "Google Authenticator export",
  detect: (input) => input.text !== null && MIGRATION_LINE.test(input.text.slice(0, 65_536)),
  async parse(input) {
    const result: ImportParse = { entries: [], invalid: [] };
    const batches = new Map<number, { size: number; seen: Set<number> }>();
    (input.text ?? "").split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const where = `line ${index + 1}`;
      if (/^(otpauth|steam):/i.test(line)) {
        // People paste single accounts beside their batches; take them as the URI list would.
        try {
          result.entries.push({ position: where, account: parseOtpUri(line), domains: [] });
        } catch (error) {
          result.invalid.push({ position: where, reason: reasonOf(error) });
        }
        return;
      }
      let batch: z.infer<typeof Batch>;
      try {
        batch = decodeMigrationUri(line);
      } catch (error) {
        result.invalid.push({ position: where, reason: reasonOf(error) });
        return;
      }
      const known = batches.get(batch.batchId) ?? { size: batch.batchSize, seen: new Set<number>() };
      known.seen.add(batch.batchIndex);
      batches.set(batch.batchId, known);
      const prefix =
        batch.batchSize > 1
          ? `${where} (batch ${batch.batchIndex + 1} of ${batch.batchSize}), account`
          : `${where}, account`;
      const read = collectEntries(batch.otpParameters, (_, i) => `${prefix} ${i + 1}`, convert);
      result.entries.push(...read.entries);
      result.invalid.push(...read.invalid);
    });
    for (const { size, seen } of batches.values()) {
      for (let index = 0; index < size; index += 1) {
        if (!seen.has(index)) {
          result.invalid.push({
            position: `batch ${index + 1} of ${size}`,
            reason: "missing — scan every QR code of the export",
          });
        }
      }
    }
    return result;
  },
};

/**
 * Decodes one `otpauth-migration://` URI to its batch. Throws `IMPORT_INVALID`
 * saying what is wrong with it; never the protobuf library's own error.
 */
export function decodeMigrationUri(uri: string): z.infer<typeof Batch> {
  if (!/^otpauth-migration:\/\/offline\?/i.test(uri)) {
    throw entryError("expected an otpauth-migration://offline?data=… URI, one per line.");
  }
  const encoded = /[?&]data=([^&#]*)/.exec(uri)?.[1];
  if (encoded === undefined || encoded === "") throw entryError("the URI has no data= parameter.");
  let base64: string;
  try {
    // Some QR readers turn "+" into a space, as in form encoding; base64 has no spaces.
    base64 = decodeURIComponent(encoded).replace(/ /g, "+");
  } catch {
    throw entryError("the data= parameter contains a broken %-escape; copy the whole URI again.");
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64) || base64.replace(/=+$/, "").length % 4 === 1) {
    throw entryError("the data= parameter is not base64; copy the whole URI again, or scan the QR code again.");
  }
  let decoded: unknown;
  try {
    const message = MigrationPayload.decode(Buffer.from(base64, "base64"));
    decoded = MigrationPayload.toObject(message, { longs: String, enums: Number, bytes: String, defaults: true });
  } catch {
    throw entryError("its data is damaged (cut short, or not a Google Authenticator export); scan this QR code again.");
  }
  const batch = readEntry(Batch, decoded);
  if (
    batch.batchSize < 0 ||
    batch.batchSize > 1000 ||
    batch.batchIndex < 0 ||
    batch.batchIndex >= Math.max(batch.batchSize, 1)
  ) {
    throw entryError("its batch numbers do not add up; scan this QR code again.");
  }
  return batch;
}

function convert(value: unknown) {
  const otp = readEntry(OtpParameters, value);
  const algorithm = ALGORITHMS[otp.algorithm];
  const digits = DIGITS[otp.digits];
  const kind = OTP_TYPES[otp.type];
  if (algorithm === undefined) throw entryError(`its algorithm number ${otp.algorithm} is unknown.`);
  if (digits === undefined) throw entryError(`its digit count number ${otp.digits} is unknown.`);
  if (kind === undefined) throw entryError("its OTP type is not set (neither TOTP nor HOTP).");
  const { issuer, label } = splitName(otp.name, otp.issuer);
  const account = accountFromFields({
    kind,
    issuer,
    label,
    secret: new Secret({ buffer: new Uint8Array(Buffer.from(otp.secret, "base64")).buffer }).base32,
    algorithm,
    digits,
    // The payload has no period: Google Authenticator only makes 30-second codes.
    period: 30,
    counter: kind === "hotp" ? Number(otp.counter) : undefined,
  });
  return { account, domains: [] };
}
