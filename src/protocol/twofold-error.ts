import type { ErrorBody, ErrorCode } from "./error-codes";

/**
 * The one exception type of Twofold. Its message is written for the person
 * who will read it: what happened, then what to do.
 */
export class TwofoldError extends Error {
  override readonly name = "TwofoldError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The form this error takes in a protocol reply. */
  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }

  /** Turns an error reply back into an exception. */
  static fromBody(body: ErrorBody): TwofoldError {
    return new TwofoldError(body.code, body.message);
  }
}

/** True when `error` is a {@link TwofoldError}, optionally of one code. */
export function isTwofoldError(error: unknown, code?: ErrorCode): error is TwofoldError {
  return error instanceof TwofoldError && (code === undefined || error.code === code);
}

/**
 * Any thrown value as a {@link TwofoldError}; unexpected ones become
 * `INTERNAL` with `message` (their own text may quote data, so it is not used).
 */
export function asTwofoldError(
  error: unknown,
  message = "Twofold hit an unexpected error. Reload the extension; if it persists, report it.",
): TwofoldError {
  return isTwofoldError(error) ? error : new TwofoldError("INTERNAL", message, { cause: error });
}
