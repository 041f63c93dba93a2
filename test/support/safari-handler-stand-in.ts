import { z } from "zod";
import { generateCode } from "../../src/otp/generate-code";
import { Algorithm, OtpKind } from "../../src/otp/otp-params";
import { respond, type StandInItem, type StandInState } from "../stand-ins/keychain-service.mjs";

// What the Swift code reads of a stored record to make codes (StoredRecord.swift).
const CodeSettings = z.object({
  secret: z.string().regex(/^[A-Z2-7]{2,}$/),
  otp: z.object({
    kind: OtpKind,
    algorithm: Algorithm,
    digits: z.number().int(),
    period: z.number().int().positive(),
    counter: z.number().int().nonnegative(),
  }),
});

/**
 * What the Swift `codes` op makes of a stored record at `nowMs`: the counter
 * (the stored one for HOTP, else the time step) and the codes at it and after
 * it, or null when the record makes none — as StoredRecord.swift decides,
 * with the codes from src/otp/generate-code.ts.
 */
export function codesOf(value: string, nowMs: number): { counter: number; code: string; next: string } | null {
  let stored: unknown;
  try {
    stored = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = CodeSettings.safeParse(stored);
  if (!parsed.success) return null;
  const { secret, otp } = parsed.data;
  // RFC 4226 §5.3: 6 to 8 decimal digits; Steam Guard always has 5 letters.
  if (otp.kind !== "steam" && (otp.digits < 6 || otp.digits > 8)) return null;
  const counter = otp.kind === "hotp" ? otp.counter : Math.floor(nowMs / (otp.period * 1000));
  const { code, next } = generateCode({ ...otp, counter, secret }, counter * otp.period * 1000);
  return { counter, code, next };
}

/**
 * A stand-in for Safari's SafariWebExtensionHandler: `sendNativeMessage`
 * answers Twofold's keychain protocol as the Swift KeychainService does for
 * Safari (never revealing a secret), over `state.items` instead of iCloud
 * Keychain, with its clock at `now()`. Messages and replies pass through JSON,
 * as they cross from the extension to the app and back.
 */
export function safariHandlerStandIn(now: () => number, items: StandInItem[] = []) {
  const state: StandInState = { accessGroup: "TEAMID1234.dev.twofold.shared", items };
  const stand = {
    state,
    /** Every message the extension sent. */
    sent: [] as Array<{ op?: string }>,
    /** An OSStatus every keychain call fails with, as in a locked or unsigned app. */
    failure: undefined as number | undefined,
    async sendNativeMessage(message: unknown): Promise<unknown> {
      const request: unknown = JSON.parse(JSON.stringify(message));
      stand.sent.push(request as { op?: string });
      const { reply } = respond(request, state, {
        revealsSecrets: false,
        nowMs: now,
        codesOf,
        ...(stand.failure === undefined ? {} : { failure: stand.failure }),
      });
      return JSON.parse(JSON.stringify(reply));
    },
  };
  return stand;
}
