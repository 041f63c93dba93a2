import { describe, expect, it } from "vitest";
import { CodeCache } from "../../native-host/accounts/code-cache";
import { generateCode } from "../../src/otp/generate-code";
import { sampleRecord } from "../host/store-contract";

describe("CodeCache", () => {
  const totp = sampleRecord();
  const steam = sampleRecord({ otp: { kind: "steam", algorithm: "SHA1", digits: 5, period: 30, counter: 0 } });
  const hotp = sampleRecord({ otp: { kind: "hotp", algorithm: "SHA1", digits: 6, period: 30, counter: 3 } });

  it.each([
    ["totp", totp],
    ["steam", steam],
    ["hotp", hotp],
  ])("gives exactly generateCode's answer for %s across windows, rollovers and jumps", (_kind, record) => {
    const cache = new CodeCache();
    for (const at of [0, 10_000, 29_999, 30_000, 61_000, 59_000, 1_000_000_000_000, 1_000_000_030_000, 5]) {
      expect(cache.codeOf(record, at)).toEqual({
        accountId: record.id,
        ...generateCode({ ...record.otp, secret: record.secret }, at),
      });
    }
  });

  it("notices a changed secret or counter", () => {
    const cache = new CodeCache();
    cache.codeOf(hotp, 0);
    const advanced = { ...hotp, otp: { ...hotp.otp, counter: 4 } };
    expect(cache.codeOf(advanced, 0)).toMatchObject(generateCode({ ...advanced.otp, secret: advanced.secret }, 0));
    const rekeyed = { ...totp, secret: "KRSXG5CTMVRXEZLU" };
    cache.codeOf(totp, 0);
    expect(cache.codeOf(rekeyed, 0)).toMatchObject(generateCode({ ...rekeyed.otp, secret: rekeyed.secret }, 0));
  });
});
