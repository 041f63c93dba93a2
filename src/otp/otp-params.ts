import { z } from "zod";
import { ACCOUNT_LIMITS, MIN_SECRET_CHARS } from "./account-limits";

/** Hash algorithms Twofold accepts (RFC 6238 §1.2 names these three). */
export const Algorithm = z.enum(["SHA1", "SHA256", "SHA512"]);
export type Algorithm = z.infer<typeof Algorithm>;

/**
 * `totp` and `hotp` are RFC 6238 / RFC 4226; `steam` is Steam Guard: TOTP with
 * a 30 s period whose 5 characters come from Steam's 26-letter alphabet.
 */
export const OtpKind = z.enum(["totp", "hotp", "steam"]);
export type OtpKind = z.infer<typeof OtpKind>;

export const MIN_DIGITS = 6;
export const MAX_DIGITS = 8;
export const STEAM_DIGITS = 5;
/** A period longer than a day is a mistake, not a setting. */
export const MAX_PERIOD_SECONDS = 86_400;

/** RFC 4648 base32, upper case, without padding. */
export const Base32Secret = z
  .string()
  .regex(/^[A-Z2-7]+$/, "a base32 secret")
  .min(MIN_SECRET_CHARS, "at least 40 bits")
  .max(ACCOUNT_LIMITS.secret);

/** How to compute an account's codes, without the secret. */
export const OtpSettings = z.object({
  kind: OtpKind,
  algorithm: Algorithm,
  digits: z.number().int().min(STEAM_DIGITS).max(MAX_DIGITS),
  period: z.number().int().min(1).max(MAX_PERIOD_SECONDS),
  /** HOTP only: the counter of the next code. */
  counter: z.number().int().min(0),
});
export type OtpSettings = z.infer<typeof OtpSettings>;

/** Everything needed to compute codes: the settings and the secret. */
export const OtpParams = OtpSettings.extend({ secret: Base32Secret });
export type OtpParams = z.infer<typeof OtpParams>;
