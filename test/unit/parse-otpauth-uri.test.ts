import { describe, expect, it } from "vitest";
import { OtpUriError, type UriErrorReason } from "../../src/otp/otp-uri-error";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";

const SECRET = "JBSWY3DPEHPK3PXP";

describe("parseOtpUri", () => {
  it.each([
    [
      `otpauth://totp/ACME:alice@example.com?secret=${SECRET}&issuer=ACME`,
      {
        issuer: "ACME",
        label: "alice@example.com",
        params: { kind: "totp", algorithm: "SHA1", digits: 6, period: 30 },
      },
    ],
    [
      `otpauth://totp/alice?secret=${SECRET}&issuer=Example%20Co&algorithm=SHA256&digits=8&period=60`,
      { issuer: "Example Co", label: "alice", params: { algorithm: "SHA256", digits: 8, period: 60 } },
    ],
    [
      `otpauth://hotp/Bank:bob?secret=${SECRET}&counter=42&algorithm=SHA512`,
      { issuer: "Bank", params: { kind: "hotp", counter: 42, algorithm: "SHA512" } },
    ],
    [`otpauth://totp/X:y?secret=${SECRET.toLowerCase()}`, { params: { secret: SECRET } }],
    [`otpauth://totp/X:y?secret=JBSW%20Y3DP%20EHPK%203PXP`, { params: { secret: SECRET } }],
    [`otpauth://totp/X:y?secret=${SECRET}====`, { params: { secret: SECRET } }],
    [`OTPAUTH://TOTP/X:y?SECRET=${SECRET}`, { params: { kind: "totp", secret: SECRET } }],
    [
      `otpauth://totp/Steam:gamer?secret=${SECRET}&issuer=Steam&encoder=steam`,
      { issuer: "Steam", params: { kind: "steam", digits: 5 } },
    ],
    [`steam://${SECRET}`, { issuer: "Steam", params: { kind: "steam", digits: 5, period: 30 } }],
    [`  otpauth://totp/%E5%90%8D%E5%89%8D?secret=${SECRET}  `, { issuer: "", label: "名前" }],
  ])("accepts %s", (uri, expected) => {
    expect(parseOtpUri(uri)).toMatchObject(expected);
  });

  it.each<[string, UriErrorReason]>([
    ["", "NOT_A_URI"],
    ["hello world", "NOT_A_URI"],
    [`https://example.com/?secret=${SECRET}`, "WRONG_SCHEME"],
    ["otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU", "MIGRATION_URI"],
    [`otpauth://motp/X:y?secret=${SECRET}`, "UNKNOWN_TYPE"],
    ["otpauth://totp/X:y", "MISSING_SECRET"],
    ["otpauth://totp/X:y?issuer=X", "MISSING_SECRET"],
    ["otpauth://totp/X:y?secret=", "MISSING_SECRET"],
    ["otpauth://totp/X:y?secret=JBSWY3DP0HPK3PXP", "BAD_BASE32"],
    ["otpauth://totp/X:y?secret=JBSWY3D!", "BAD_BASE32"],
    ["otpauth://totp/X:y?secret=JBSWY", "SECRET_TOO_SHORT"],
    [`otpauth://totp/X:y?secret=${SECRET}&algorithm=MD5`, "UNSUPPORTED_ALGORITHM"],
    [`otpauth://totp/X:y?secret=${SECRET}&algorithm=SHA384`, "UNSUPPORTED_ALGORITHM"],
    [`otpauth://totp/X:y?secret=${SECRET}&digits=4`, "DIGITS_OUT_OF_RANGE"],
    [`otpauth://totp/X:y?secret=${SECRET}&digits=10`, "DIGITS_OUT_OF_RANGE"],
    [`otpauth://totp/X:y?secret=${SECRET}&digits=six`, "DIGITS_OUT_OF_RANGE"],
    [`otpauth://totp/X:y?secret=${SECRET}&period=0`, "BAD_PERIOD"],
    [`otpauth://totp/X:y?secret=${SECRET}&period=-30`, "BAD_PERIOD"],
    [`otpauth://totp/X:y?secret=${SECRET}&period=86401`, "BAD_PERIOD"],
    [`otpauth://hotp/X:y?secret=${SECRET}`, "BAD_COUNTER"],
    [`otpauth://hotp/X:y?secret=${SECRET}&counter=-1`, "BAD_COUNTER"],
    [`otpauth://hotp/X:y?secret=${SECRET}&counter=abc`, "BAD_COUNTER"],
    [`otpauth://totp/X%E0%A4%A:y?secret=${SECRET}`, "MALFORMED"],
    [`otpauth://totp/?secret=${SECRET}`, "MALFORMED"],
    [`otpauth://totp/X:y?secret=${SECRET}&x=${"a".repeat(5000)}`, "TOO_LONG"],
    ["steam://", "MISSING_SECRET"],
    ["steam://NOT-BASE32-1890", "BAD_BASE32"],
    [`steam://${"A".repeat(1025)}`, "TOO_LONG"],
  ])("rejects %s as %s", (uri, reason) => {
    let caught: unknown;
    try {
      parseOtpUri(uri);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OtpUriError);
    expect((caught as OtpUriError).reason).toBe(reason);
    expect((caught as OtpUriError).code).toBe("INVALID_URI");
    expect((caught as OtpUriError).message).toMatch(/^Invalid otpauth URI: .+/);
  });

  // Each of these was once accepted, stored, and then made the whole store unreadable.
  it.each<[string, (length: number) => string, number, string]>([
    ["issuer", (n) => `otpauth://totp/x:me?secret=${SECRET}&issuer=${"A".repeat(n)}`, 256, "issuer"],
    ["issuer in the label", (n) => `otpauth://totp/${"Ü".repeat(n)}:me?secret=${SECRET}`, 256, "issuer"],
    ["label", (n) => `otpauth://totp/ACME:${"a".repeat(n)}?secret=${SECRET}`, 256, "account name"],
    ["secret", (n) => `otpauth://totp/ACME:me?secret=${"A".repeat(n)}`, 1024, "secret"],
  ])(
    "takes a %s of exactly its limit and refuses one more, naming the field and the limit",
    (_field, uri, limit, name) => {
      expect(() => parseOtpUri(uri(limit))).not.toThrow();
      let caught: unknown;
      try {
        parseOtpUri(uri(limit + 1));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OtpUriError);
      expect((caught as OtpUriError).reason).toBe("TOO_LONG");
      expect((caught as OtpUriError).message).toBe(
        `Invalid otpauth URI: the ${name} is ${limit + 1} characters long; Twofold keeps at most ${limit}.`,
      );
    },
  );

  it("never puts the secret in an error message", () => {
    const uri = `otpauth://totp/X:y?secret=${SECRET}&digits=3`;
    expect(() => parseOtpUri(uri)).toThrow(OtpUriError);
    try {
      parseOtpUri(uri);
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});
