import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import { OtpParams } from "../../src/otp/otp-params";
import { OtpUriError } from "../../src/otp/otp-uri-error";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { ReplyEnvelope, RequestEnvelope } from "../../src/protocol/envelope";
import { type MethodName, methods } from "../../src/protocol/methods";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

describe("properties: framing", () => {
  it("decodes any messages split at any points back to exactly those messages", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const bytes = Buffer.concat(messages.map((message) => encodeFrame(message, 1 << 20)));
          const points = [...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
            (a, b) => a - b,
          );
          const decoder = new FrameDecoder(1 << 20);
          const out: unknown[] = [];
          let start = 0;
          for (const point of [...points, bytes.length]) {
            for (const frame of decoder.push(bytes.subarray(start, point))) {
              if (frame.kind === "frame") out.push(JSON.parse(frame.body.toString("utf8")));
            }
            start = point;
          }
          expect(out).toEqual(messages.map((message) => JSON.parse(JSON.stringify(message))));
          expect(decoder.midFrame).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary bytes, and never yields a frame over its limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 64 }),
        (chunks, limit) => {
          const decoder = new FrameDecoder(limit);
          for (const chunk of chunks) {
            for (const frame of decoder.push(chunk)) {
              if (frame.kind === "frame") expect(frame.body.length).toBeLessThanOrEqual(limit);
              else expect(frame.length).toBeGreaterThan(limit);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("properties: protocol schemas", () => {
  const names = Object.keys(methods) as MethodName[];

  it("parse anything without throwing, for every envelope and every method", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        RequestEnvelope.safeParse(value);
        ReplyEnvelope.safeParse(value);
        for (const name of names) {
          methods[name].params.safeParse(value);
          methods[name].result.safeParse(value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never let a field called secret through a result", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 16, maxLength: 32 }), (secret) => {
        const account = {
          id: "abc",
          issuer: "I",
          label: "L",
          domains: [],
          pinned: false,
          kind: "totp",
          digits: 6,
          period: 30,
          secret,
        };
        const parsed = methods["accounts.list"].result.parse({ accounts: [account] });
        expect(JSON.stringify(parsed)).not.toContain(secret);
      }),
      { numRuns: 100 },
    );
  });
});

describe("properties: otpauth URIs", () => {
  it("either parse to valid params or throw OtpUriError, for any string", () => {
    const uriish = fc.oneof(
      fc.string(),
      fc.string().map((rest) => `otpauth://${rest}`),
      fc
        .tuple(fc.constantFrom("totp", "hotp", "TOTP", "x"), fc.string(), fc.string())
        .map(([type, label, query]) => `otpauth://${type}/${label}?${query}`),
      fc
        .tuple(fc.string(), fc.stringMatching(/^[A-Za-z2-7= -]{0,40}$/), fc.string())
        .map(([label, secret, extra]) => `otpauth://totp/${label}?secret=${secret}&${extra}`),
    );
    fc.assert(
      fc.property(uriish, (uri) => {
        try {
          const parsed = parseOtpUri(uri);
          expect(OtpParams.safeParse(parsed.params).success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(OtpUriError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trip every valid combination of settings", () => {
    const settings = fc.record({
      secret: fc.array(fc.constantFrom(...BASE32), { minLength: 16, maxLength: 64 }).map((chars) => chars.join("")),
      algorithm: fc.constantFrom("SHA1", "SHA256", "SHA512"),
      digits: fc.integer({ min: 6, max: 8 }),
      period: fc.integer({ min: 1, max: 86_400 }),
      issuer: fc.stringMatching(/^[A-Za-z0-9 .]{1,20}$/).map((issuer) => issuer.trim() || "X"),
    });
    fc.assert(
      fc.property(settings, (s) => {
        const uri = `otpauth://totp/${encodeURIComponent(s.issuer)}:user?secret=${s.secret}&issuer=${encodeURIComponent(s.issuer)}&algorithm=${s.algorithm}&digits=${s.digits}&period=${s.period}`;
        const parsed = parseOtpUri(uri);
        expect(parsed.params).toEqual({
          kind: "totp",
          algorithm: s.algorithm,
          digits: s.digits,
          period: s.period,
          counter: 0,
          secret: s.secret,
        });
        expect(parsed.issuer).toBe(s.issuer);
      }),
      { numRuns: 300 },
    );
  });
});
