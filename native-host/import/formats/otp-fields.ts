import { ACCOUNT_LIMITS, checkNames, MIN_SECRET_CHARS, tooLong } from "../../../src/otp/account-limits";
import { Algorithm, MAX_DIGITS, MAX_PERIOD_SECONDS, MIN_DIGITS, STEAM_DIGITS } from "../../../src/otp/otp-params";
import { normalizeBase32, type ParsedOtpUri, parseOtpUri } from "../../../src/otp/parse-otpauth-uri";
import { isTwofoldError, TwofoldError } from "../../../src/protocol/twofold-error";
import type { ImportParse } from "../import-types";

/** An account as JSON exports spell it: separate fields instead of a URI. */
export interface OtpFields {
  /** `totp`, `hotp` or `steam`, in any case. */
  kind: string;
  issuer: string;
  label: string;
  /** Base32, as the exporting app wrote it (spaces and lower case allowed). */
  secret: string;
  algorithm?: string | undefined;
  digits?: number | undefined;
  period?: number | undefined;
  /** HOTP only, and required there. */
  counter?: number | undefined;
}

/**
 * Checks fields by the same rules `parseOtpUri` applies to a URI, so an
 * account is accepted or refused the same way whatever format carried it.
 * Throws `IMPORT_INVALID` with a reason that never quotes the secret.
 */
export function accountFromFields(fields: OtpFields): ParsedOtpUri {
  const kind = fields.kind.trim().toLowerCase();
  if (kind !== "totp" && kind !== "hotp" && kind !== "steam") {
    throw entryError(`its type is ${quote(fields.kind)}; Twofold supports TOTP, HOTP and Steam.`);
  }
  const secret = normalizeBase32(fields.secret);
  if (secret === "") throw entryError("it has no secret.");
  if (/[^A-Z2-7]/.test(secret)) throw entryError("its secret is not base32 (letters A–Z and digits 2–7).");
  if (secret.length < MIN_SECRET_CHARS) {
    throw entryError(`its secret has ${secret.length} characters; at least ${MIN_SECRET_CHARS} are needed.`);
  }
  if (secret.length > ACCOUNT_LIMITS.secret) throw entryError(`${tooLong("secret", secret.length)}.`);
  const issuer = fields.issuer.trim();
  const label = fields.label.trim();
  checkEntryNames({ issuer, label });
  if (kind === "steam") {
    return {
      issuer,
      label,
      params: { kind, algorithm: "SHA1", digits: STEAM_DIGITS, period: 30, counter: 0, secret },
    };
  }
  const algorithm = Algorithm.safeParse((fields.algorithm ?? "SHA1").trim().toUpperCase().replace("-", ""));
  if (!algorithm.success) {
    throw entryError(`algorithm ${quote(fields.algorithm ?? "")} is not supported; use SHA1, SHA256 or SHA512.`);
  }
  const digits = fields.digits ?? 6;
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw entryError(`it has ${digits} digits; codes have ${MIN_DIGITS} to ${MAX_DIGITS}.`);
  }
  const period = fields.period ?? 30;
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD_SECONDS) {
    throw entryError(`its period is ${period} seconds; it must be a whole number from 1 to ${MAX_PERIOD_SECONDS}.`);
  }
  let counter = 0;
  if (kind === "hotp") {
    if (fields.counter === undefined) throw entryError("it is HOTP but has no counter.");
    if (!Number.isSafeInteger(fields.counter) || fields.counter < 0) {
      throw entryError(`its counter is ${fields.counter}; HOTP needs a whole number of 0 or more.`);
    }
    counter = fields.counter;
  }
  return { issuer, label, params: { kind, algorithm: algorithm.data, digits, period, counter, secret } };
}

/**
 * A password manager's TOTP field: an `otpauth://` URI, `steam://SECRET`, or
 * a bare base32 secret (taken as SHA1, 6 digits, 30 s). The item's own name
 * and username fill in what the value leaves out.
 */
export function accountFromOtpValue(value: string, itemName: string, username: string): ParsedOtpUri {
  const trimmed = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    return accountFromFields({ kind: "totp", issuer: itemName, label: username, secret: trimmed });
  }
  const parsed = parseOtpUri(trimmed);
  const names = { issuer: parsed.issuer || itemName.trim(), label: parsed.label || username.trim() };
  // The item's own name and username are the file's text, not the URI's: check them too.
  checkEntryNames(names);
  return { ...parsed, ...names };
}

/** Refuses an entry whose issuer or label is longer than a store keeps. */
function checkEntryNames(names: { issuer: string; label: string }): void {
  const problem = checkNames(names);
  if (problem !== null) throw entryError(`${problem}.`);
}

/** A problem with one entry; it goes to the report's `invalid` list. */
export function entryError(reason: string): TwofoldError {
  return new TwofoldError("IMPORT_INVALID", reason);
}

/** A value from the file, quoted and cut short so a hostile file cannot flood the report. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
}

/** Why an entry was refused, in words fit for the report. */
export function reasonOf(error: unknown): string {
  // Anything but our own errors may quote the entry, secret included.
  return isTwofoldError(error) ? error.message : "it could not be read.";
}

/**
 * Runs `convert` over `items`, collecting accounts and per-entry problems.
 * `convert` returns `null` for items that are not 2FA accounts at all
 * (a password-only login), which are skipped silently.
 */
export function collectEntries<T>(
  items: readonly T[],
  positionOf: (item: T, index: number) => string,
  convert: (item: T) => Omit<ImportParse["entries"][number], "position"> | null,
): ImportParse {
  const result: ImportParse = { entries: [], invalid: [] };
  items.forEach((item, index) => {
    const position = positionOf(item, index);
    try {
      const entry = convert(item);
      if (entry !== null) result.entries.push({ position, ...entry });
    } catch (error) {
      result.invalid.push({ position, reason: reasonOf(error) });
    }
  });
  return result;
}

/** `name` split as authenticators write it, "Issuer:label", when no issuer is given. */
export function splitName(name: string, issuer: string): { issuer: string; label: string } {
  const trimmedIssuer = issuer.trim();
  const colon = name.indexOf(":");
  if (trimmedIssuer !== "") {
    const prefix = name.slice(0, colon).trim();
    const label = colon >= 0 && prefix === trimmedIssuer ? name.slice(colon + 1) : name;
    return { issuer: trimmedIssuer, label: label.trim() };
  }
  if (colon < 0) return { issuer: "", label: name.trim() };
  return { issuer: name.slice(0, colon).trim(), label: name.slice(colon + 1).trim() };
}
