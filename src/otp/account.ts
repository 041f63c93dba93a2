import { z } from "zod";
import { DomainBinding } from "../domains/domain-binding";
import { ACCOUNT_LIMITS } from "./account-limits";
import { Base32Secret, OtpSettings } from "./otp-params";

/** Account ids are random, never derived from the secret. */
export const AccountId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "an account id");
export type AccountId = z.infer<typeof AccountId>;

/**
 * What the extension may know about an account: everything but the secret.
 * This is the shape of `accounts.list` (docs/architecture.md, "The host protocol").
 */
export const AccountSummary = z.object({
  id: AccountId,
  issuer: z.string().max(ACCOUNT_LIMITS.issuer),
  label: z.string().max(ACCOUNT_LIMITS.label),
  domains: z.array(DomainBinding).max(ACCOUNT_LIMITS.bindings),
  pinned: z.boolean(),
  /** `false`: fill only on its own sites, not on the sites that share their sign-in. Absent means on. */
  fillSharedSites: z.boolean().optional(),
  /** Where it also fills because those sites share a sign-in with its own; computed by the host, never stored. */
  sharedSites: z.array(DomainBinding.shape.host).max(1000).optional(),
  kind: OtpSettings.shape.kind,
  digits: OtpSettings.shape.digits,
  period: OtpSettings.shape.period,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

/**
 * An account as a store keeps it: the summary, how codes are made, the
 * secret, and when it was added. Lives only in the host and its stores.
 * This is the one schema of a stored record: every store checks a record
 * against it before writing and reads with it (a record that fails is set
 * aside, not fatal), so a new field is added here and nowhere else.
 */
export const AccountRecord = AccountSummary.omit({ kind: true, digits: true, period: true, sharedSites: true }).extend({
  otp: OtpSettings,
  secret: Base32Secret,
  addedAt: z.number().int().nonnegative(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

/**
 * A stored account without its secret: all that Safari's background sees of
 * an iCloud keychain item, whose secret stays with the Twofold app.
 */
export const StoredAccount = AccountRecord.omit({ secret: true });
export type StoredAccount = z.infer<typeof StoredAccount>;

/** The extension-safe view of a stored record. */
export function summarize(record: StoredAccount): AccountSummary {
  return {
    id: record.id,
    issuer: record.issuer,
    label: record.label,
    domains: record.domains,
    pinned: record.pinned,
    ...(record.fillSharedSites === undefined ? {} : { fillSharedSites: record.fillSharedSites }),
    kind: record.otp.kind,
    digits: record.otp.digits,
    period: record.otp.period,
  };
}

/** A new random account id (128 bits, URL-safe). */
export function newAccountId(): AccountId {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A name as Twofold keeps it, whatever a QR code or an export file said:
 * control characters (a NUL, which the Secret Service refuses over D-Bus; a
 * newline, which breaks a listing) become one space, bidirectional overrides
 * and isolates (which can make "buHtiG" read "GitHub") are dropped, a lone
 * surrogate (which no keychain can store as UTF-8) becomes U+FFFD, and the
 * ends are trimmed. Never longer than `name`.
 */
export function plainName(name: string): string {
  return name
    .replace(/\p{Cs}/gu, "\ufffd")
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\p{Cc}+/gu, " ")
    .trim();
}

/** "ACME (alice)" — how a person names an account in one line. */
export function displayName(account: Pick<AccountSummary, "issuer" | "label">): string {
  if (account.issuer && account.label) return `${account.issuer} (${account.label})`;
  return account.issuer || account.label || "(unnamed)";
}
