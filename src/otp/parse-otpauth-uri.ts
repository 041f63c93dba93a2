import { HOTP, TOTP, URI } from "otpauth";
import { ACCOUNT_LIMITS, checkNames, MIN_SECRET_CHARS, tooLong } from "./account-limits";
import { Algorithm, MAX_DIGITS, MAX_PERIOD_SECONDS, MIN_DIGITS, type OtpParams, STEAM_DIGITS } from "./otp-params";
import { OtpUriError } from "./otp-uri-error";

/** An `otpauth://` URI taken apart: who it is for and how to make its codes. */
export interface ParsedOtpUri {
  issuer: string;
  label: string;
  params: OtpParams;
}

const MAX_URI_LENGTH = 4096;

/**
 * Parses an `otpauth://totp|hotp/…` URI (Key Uri Format) with the otpauth
 * library, or Bitwarden's `steam://SECRET`. Anything wrong throws an
 * {@link OtpUriError} whose `reason` says exactly what.
 */
export function parseOtpUri(input: string): ParsedOtpUri {
  const uri = input.trim();
  if (uri.length > MAX_URI_LENGTH) throw new OtpUriError("TOO_LONG", `it is longer than ${MAX_URI_LENGTH} characters.`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new OtpUriError("NOT_A_URI", "expected a URI starting with otpauth://.");
  if (scheme === "steam") return parseSteamUri(uri);
  if (scheme === "otpauth-migration") {
    throw new OtpUriError("MIGRATION_URI", "this is a Google Authenticator export; import it with `twofold import`.");
  }
  if (scheme !== "otpauth") throw new OtpUriError("WRONG_SCHEME", `the scheme is "${scheme}:", expected "otpauth:".`);

  const type = /^otpauth:\/\/([^/?#]*)/i.exec(uri)?.[1]?.toLowerCase() ?? "";
  if (type !== "totp" && type !== "hotp") {
    throw new OtpUriError("UNKNOWN_TYPE", `the type is "${type}", expected "totp" or "hotp".`);
  }
  const query = readQuery(uri);
  const rawSecret = query.get("secret");
  if (rawSecret === null || rawSecret.trim() === "")
    throw new OtpUriError("MISSING_SECRET", "it has no secret= parameter.");
  const secret = normalizeBase32(rawSecret);
  checkSecret(secret);

  let otp: TOTP | HOTP;
  try {
    // Authenticators write secrets with spaces and in lower case; the
    // library wants canonical base32, so hand it that.
    otp = URI.parse(withParam(uri, "secret", secret));
  } catch (error) {
    throw classifyLibraryError(error, query);
  }
  const algorithm = Algorithm.safeParse(otp.algorithm.toUpperCase());
  if (!algorithm.success) {
    throw new OtpUriError(
      "UNSUPPORTED_ALGORITHM",
      `algorithm ${otp.algorithm} is not supported; use SHA1, SHA256 or SHA512.`,
    );
  }
  const isSteam = query.get("encoder")?.toLowerCase() === "steam";
  const digits = isSteam ? STEAM_DIGITS : otp.digits;
  if (!isSteam && (digits < MIN_DIGITS || digits > MAX_DIGITS)) {
    throw new OtpUriError("DIGITS_OUT_OF_RANGE", `digits=${digits}; codes have ${MIN_DIGITS} to ${MAX_DIGITS} digits.`);
  }
  if (otp instanceof HOTP && (otp.counter < 0 || !Number.isSafeInteger(otp.counter))) {
    throw new OtpUriError("BAD_COUNTER", `counter=${otp.counter}; HOTP needs a counter of 0 or more.`);
  }
  const period = otp instanceof TOTP ? otp.period : 30;
  if (period > MAX_PERIOD_SECONDS)
    throw new OtpUriError("BAD_PERIOD", `period=${period} seconds is longer than a day.`);
  const names = { issuer: otp.issuer.trim(), label: otp.label.trim() };
  // Checked here, not only by the store, so a QR code with a huge issuer is refused before anything is written.
  const tooLongName = checkNames(names);
  if (tooLongName !== null) throw new OtpUriError("TOO_LONG", `${tooLongName}.`);

  return {
    ...names,
    params: {
      kind: isSteam ? "steam" : otp instanceof TOTP ? "totp" : "hotp",
      algorithm: isSteam ? "SHA1" : algorithm.data,
      digits,
      period: isSteam ? 30 : period,
      counter: otp instanceof HOTP ? otp.counter : 0,
      secret,
    },
  };
}

/** Bitwarden stores Steam Guard secrets as `steam://SECRET`. */
function parseSteamUri(uri: string): ParsedOtpUri {
  const secret = normalizeBase32(decodeOrThrow(uri.slice("steam://".length)));
  if (secret === "") throw new OtpUriError("MISSING_SECRET", "steam:// is followed by no secret.");
  checkSecret(secret);
  return {
    issuer: "Steam",
    label: "",
    params: { kind: "steam", algorithm: "SHA1", digits: STEAM_DIGITS, period: 30, counter: 0, secret },
  };
}

/** Removes the spaces, dashes and padding people paste, and upper-cases. */
export function normalizeBase32(secret: string): string {
  return secret.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
}

function checkSecret(secret: string): void {
  const bad = /[^A-Z2-7]/.exec(secret);
  if (bad)
    throw new OtpUriError("BAD_BASE32", `the secret contains "${bad[0]}", which is not a base32 character (A–Z, 2–7).`);
  if (secret.length < MIN_SECRET_CHARS) {
    throw new OtpUriError(
      "SECRET_TOO_SHORT",
      `the secret has ${secret.length} characters; at least ${MIN_SECRET_CHARS} are needed.`,
    );
  }
  if (secret.length > ACCOUNT_LIMITS.secret) throw new OtpUriError("TOO_LONG", `${tooLong("secret", secret.length)}.`);
}

function readQuery(uri: string): URLSearchParams {
  const start = uri.indexOf("?");
  if (start < 0) throw new OtpUriError("MISSING_SECRET", "it has no parameters, so no secret.");
  const end = uri.indexOf("#", start);
  const query = uri.slice(start + 1, end < 0 ? undefined : end);
  for (const part of query.split("&")) decodeOrThrow(part.replace(/\+/g, " "));
  // Parameter names are case-insensitive in practice (Secret=, DIGITS=).
  const params = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(query)) params.set(key.toLowerCase(), value);
  return params;
}

function decodeOrThrow(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OtpUriError("MALFORMED", "it contains a broken %-escape.");
  }
}

function withParam(uri: string, name: string, value: string): string {
  return uri.replace(new RegExp(`([?&])${name}=[^&#]*`, "i"), `$1${name}=${value}`);
}

/** Turns the library's generic TypeError into the reason a person can act on. */
function classifyLibraryError(error: unknown, query: URLSearchParams): OtpUriError {
  const message = error instanceof Error ? error.message : String(error);
  if (/counter/i.test(message)) {
    return new OtpUriError(
      "BAD_COUNTER",
      `counter=${query.get("counter") ?? "(missing)"}; HOTP needs a whole number counter.`,
    );
  }
  if (/period/i.test(message))
    return new OtpUriError("BAD_PERIOD", `period=${query.get("period")} is not a whole number of seconds.`);
  if (/digits/i.test(message))
    return new OtpUriError("DIGITS_OUT_OF_RANGE", `digits=${query.get("digits")} is not a number of digits.`);
  if (/algorithm/i.test(message)) {
    return new OtpUriError(
      "UNSUPPORTED_ALGORITHM",
      `algorithm ${query.get("algorithm")} is not supported; use SHA1, SHA256 or SHA512.`,
    );
  }
  return new OtpUriError("MALFORMED", "expected otpauth://TYPE/LABEL?secret=…");
}
