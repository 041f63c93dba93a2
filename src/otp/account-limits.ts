/**
 * How large each part of an account may be. The stored-record schema
 * (`account.ts`, `otp-params.ts`, `domain-binding.ts`) is built from these, and
 * so are the checks of everything that makes a record — the otpauth parser,
 * binding normalisation, every importer — so nothing can be accepted on the
 * way in that a store would then refuse to read back.
 *
 * Lengths count UTF-16 code units, as JavaScript's `length` and zod's `max` do.
 */
export const ACCOUNT_LIMITS = {
  /** The issuer ("GitHub"); an otpauth `issuer=` or a label's prefix. */
  issuer: 256,
  /** The account name within the issuer ("alice@example.com"). */
  label: 256,
  /** Base32 characters of the secret: 640 bytes, five times SHA-512's block. */
  secret: 1024,
  /** Sites bound to one account. */
  bindings: 256,
  /** A bound host: DNS caps a name at 253 characters. */
  host: 253,
  /** One dot-separated part of a host: DNS caps it at 63. */
  hostLabel: 63,
} as const;

/** Fewest base32 characters in a secret: 40 bits. */
export const MIN_SECRET_CHARS = 8;

/** The words a message uses for each limited field. */
const FIELD_NAMES: Record<keyof typeof ACCOUNT_LIMITS, string> = {
  issuer: "issuer",
  label: "account name",
  secret: "secret",
  bindings: "list of sites",
  host: "site",
  hostLabel: "part of the site name",
};

/**
 * "the issuer is 300 characters long; Twofold keeps at most 256" — the
 * clause every refusal of an over-long field uses, wherever it happens, for
 * the caller to put in its sentence. Names the field and both numbers, never
 * the value (it may be a secret).
 */
export function tooLong(field: keyof typeof ACCOUNT_LIMITS, length: number): string {
  if (field === "bindings") return `the account has ${length} sites; Twofold keeps at most ${ACCOUNT_LIMITS.bindings}`;
  return `the ${FIELD_NAMES[field]} is ${length} characters long; Twofold keeps at most ${ACCOUNT_LIMITS[field]}`;
}

/**
 * The first of an account's names that is over its limit, as a
 * {@link tooLong} clause, or `null` when both fit.
 */
export function checkNames(names: { issuer: string; label: string }): string | null {
  if (names.issuer.length > ACCOUNT_LIMITS.issuer) return tooLong("issuer", names.issuer.length);
  if (names.label.length > ACCOUNT_LIMITS.label) return tooLong("label", names.label.length);
  return null;
}
