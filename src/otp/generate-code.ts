import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { HOTP, Secret, TOTP } from "otpauth";
import type { OtpParams } from "./otp-params";

/**
 * A code and the window in which it is valid. Times are Unix milliseconds.
 * HOTP codes have no window: `validFrom`/`validUntil` are null and `next` is
 * the code of the following counter.
 */
export interface CodeWindow {
  code: string;
  period: number | null;
  validFrom: number | null;
  validUntil: number | null;
  next: string;
}

/**
 * The code for `params` at `timestamp` (Unix ms), and the one after it.
 * Time is an argument so tests can pin it.
 */
export function generateCode(params: OtpParams, timestamp: number = Date.now()): CodeWindow {
  return generateCodeFrom(params, Secret.fromBase32(params.secret), timestamp);
}

/**
 * The time-based code of the window that contains `timestamp` — one HMAC,
 * for a caller that already knows the code of the window before.
 */
export function codeAt(params: OtpParams, secret: Secret, timestamp: number): string {
  const periodMs = params.period * 1000;
  const windowStart = Math.floor(timestamp / periodMs) * periodMs;
  return params.kind === "steam"
    ? steamCode(secret.bytes, Math.floor(windowStart / periodMs))
    : TOTP.generate({
        secret,
        algorithm: params.algorithm,
        digits: params.digits,
        period: params.period,
        timestamp: windowStart,
      });
}

/** {@link generateCode} with the secret already decoded. */
export function generateCodeFrom(params: OtpParams, secret: Secret, timestamp: number): CodeWindow {
  if (params.kind === "hotp") {
    const at = (counter: number) =>
      HOTP.generate({ secret, algorithm: params.algorithm, digits: params.digits, counter });
    return { code: at(params.counter), period: null, validFrom: null, validUntil: null, next: at(params.counter + 1) };
  }
  const periodMs = params.period * 1000;
  const validFrom = Math.floor(timestamp / periodMs) * periodMs;
  const validUntil = validFrom + periodMs;
  const at = (ts: number) =>
    params.kind === "steam"
      ? steamCode(secret.bytes, Math.floor(ts / periodMs))
      : TOTP.generate({
          secret,
          algorithm: params.algorithm,
          digits: params.digits,
          period: params.period,
          timestamp: ts,
        });
  return { code: at(validFrom), period: params.period, validFrom, validUntil, next: at(validUntil) };
}

const STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY";

/**
 * Steam Guard: RFC 4226 dynamic truncation of HMAC-SHA1, then five
 * characters from Steam's alphabet instead of decimal digits.
 */
function steamCode(key: Uint8Array, counter: number): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const digest = hmac(sha1, key, message);
  const offset = (digest[19] ?? 0) & 0x0f;
  let value = new DataView(digest.buffer, digest.byteOffset).getUint32(offset) & 0x7fffffff;
  let code = "";
  for (let i = 0; i < 5; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}
