import type { ErrorBody } from "../../src/protocol/error-codes";
import { asTwofoldError } from "../../src/protocol/twofold-error";

/**
 * What a request came to: its result, or the error to reply with (and, for
 * an unexpected one, its cause, which goes to the log only: its text could
 * quote data). Errors travel as data here because the handlers may live in
 * another bundle than the loop, with classes of their own.
 */
export type Outcome = { ok: true; result: unknown } | Failure;
export type Failure = { ok: false; error: ErrorBody; cause?: unknown };

/** Answers one request whose envelope is valid; `method` and `params` are not checked yet. */
export type Respond = (method: string, params: unknown) => Promise<Outcome>;

/**
 * Any failure as an outcome to reply with; unexpected ones become `INTERNAL`.
 * Call it in the bundle that threw, so that `TwofoldError` is its class.
 */
export function failed(error: unknown): Failure {
  const failure = asTwofoldError(
    error,
    "The Twofold host hit an unexpected error. Run `twofold doctor`; if it persists, report it with the host's log.",
  );
  return { ok: false, error: failure.toBody(), cause: error };
}

/** Runs `answer` and turns what it returns or throws into an outcome. */
export async function outcomeOf(answer: () => Promise<unknown> | unknown): Promise<Outcome> {
  try {
    return { ok: true, result: await answer() };
  } catch (error) {
    return failed(error);
  }
}
