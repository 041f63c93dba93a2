import { describe, expect, it } from "vitest";
import { generateCode } from "../../src/otp/generate-code";
import type { OtpParams } from "../../src/otp/otp-params";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";

// RFC 6238 Appendix B: ASCII seeds of 20, 32 and 64 bytes, 8 digits, 30 s.
const SEEDS = {
  SHA1: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
  SHA256: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
  SHA512: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA",
} as const;

const RFC6238: [number, keyof typeof SEEDS, string][] = [
  [59, "SHA1", "94287082"],
  [59, "SHA256", "46119246"],
  [59, "SHA512", "90693936"],
  [1111111109, "SHA1", "07081804"],
  [1111111109, "SHA256", "68084774"],
  [1111111109, "SHA512", "25091201"],
  [1111111111, "SHA1", "14050471"],
  [1111111111, "SHA256", "67062674"],
  [1111111111, "SHA512", "99943326"],
  [1234567890, "SHA1", "89005924"],
  [1234567890, "SHA256", "91819424"],
  [1234567890, "SHA512", "93441116"],
  [2000000000, "SHA1", "69279037"],
  [2000000000, "SHA256", "90698825"],
  [2000000000, "SHA512", "38618901"],
  [20000000000, "SHA1", "65353130"],
  [20000000000, "SHA256", "77737706"],
  [20000000000, "SHA512", "47863826"],
];

const totp = (algorithm: keyof typeof SEEDS): OtpParams => ({
  kind: "totp",
  algorithm,
  digits: 8,
  period: 30,
  counter: 0,
  secret: SEEDS[algorithm],
});

describe("generateCode", () => {
  it.each(RFC6238)("RFC 6238 at %i s with %s is %s", (seconds, algorithm, expected) => {
    expect(generateCode(totp(algorithm), seconds * 1000).code).toBe(expected);
  });

  it("reports the window and the next code", () => {
    const window = generateCode(totp("SHA1"), 59_000);
    expect(window).toMatchObject({ period: 30, validFrom: 30_000, validUntil: 60_000 });
    expect(window.next).toBe(generateCode(totp("SHA1"), 60_000).code);
  });

  // RFC 4226 Appendix D: the 20-byte ASCII seed "12345678901234567890", 6 digits.
  it.each([
    [0, "755224"],
    [1, "287082"],
    [5, "254676"],
    [9, "520489"],
  ])("RFC 4226 HOTP at counter %i is %s", (counter, expected) => {
    const code = generateCode({ ...totp("SHA1"), kind: "hotp", digits: 6, counter }, 0);
    expect(code).toMatchObject({ code: expected, validFrom: null, validUntil: null, period: null });
  });

  it("makes Steam Guard codes from Steam's alphabet", () => {
    const steam = parseOtpUri("steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").params;
    const { code, next } = generateCode(steam, 1_700_000_000_000);
    expect(code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
    expect(next).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
    // Pinned value, computed independently with Python's hmac module.
    expect(generateCode(steam, 59_000).code).toBe(STEAM_AT_59);
  });
});

const STEAM_AT_59 = "PV9M4";
