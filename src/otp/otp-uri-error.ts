import { TwofoldError } from "../protocol/twofold-error";

/** Each way an `otpauth://` URI can be wrong. */
export type UriErrorReason =
  | "NOT_A_URI"
  | "WRONG_SCHEME"
  | "MIGRATION_URI"
  | "UNKNOWN_TYPE"
  | "MALFORMED"
  | "MISSING_SECRET"
  | "BAD_BASE32"
  | "SECRET_TOO_SHORT"
  | "UNSUPPORTED_ALGORITHM"
  | "DIGITS_OUT_OF_RANGE"
  | "BAD_PERIOD"
  | "BAD_COUNTER"
  | "TOO_LONG";

/** An invalid `otpauth://` URI: protocol code `INVALID_URI`, plus the exact reason. */
export class OtpUriError extends TwofoldError {
  constructor(
    readonly reason: UriErrorReason,
    detail: string,
  ) {
    super("INVALID_URI", `Invalid otpauth URI: ${detail}`);
  }
}
