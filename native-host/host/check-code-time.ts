import type { OtpSettings } from "../../src/otp/otp-params";
import { TwofoldError } from "../../src/protocol/twofold-error";

/**
 * Refuses a protocol request for codes at `at` when `at` is more than one
 * period from the host's clock (`now`) for any time-based account it covers.
 * A client that could ask for codes at any time could collect next week's
 * codes today, which is as good as the secret. Within one period either way,
 * clocks that drift a little and the "next code" a popup shows still work.
 * HOTP codes do not depend on time, so they set no limit.
 *
 * Only the host protocol is checked: `twofold code --at` is the person at
 * their own terminal, with access to the store anyway.
 */
export function checkCodeTime(
  method: string,
  at: number,
  now: number,
  accounts: Iterable<Pick<OtpSettings, "kind" | "period">>,
): void {
  let period = Number.POSITIVE_INFINITY;
  for (const account of accounts) if (account.kind !== "hotp") period = Math.min(period, account.period);
  const distance = Math.abs(at - now);
  if (distance <= period * 1000) return;
  throw new TwofoldError(
    "BAD_REQUEST",
    `${method} was asked for codes ${formatSeconds(distance)} ${at > now ? "ahead of" : "behind"} the host's clock; it makes codes only within one period (${period} s) of now. Leave out "at" to get the current codes, or check this computer's clock.`,
  );
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000).toLocaleString("en-US")} s`;
}
