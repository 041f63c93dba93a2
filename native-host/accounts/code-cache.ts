import { Secret } from "otpauth";
import type { AccountRecord } from "../../src/otp/account";
import { type CodeWindow, codeAt, generateCodeFrom } from "../../src/otp/generate-code";
import type { OtpParams } from "../../src/otp/otp-params";
import type { Code } from "../../src/protocol/methods";

interface Entry {
  record: AccountRecord;
  /** What the codes were made from; a changed account makes new ones. */
  fingerprint: string;
  secret: Secret;
  window: CodeWindow;
  /** The window as the protocol sends it; the same object while the window lasts. */
  code: Code;
}

/**
 * Codes by account for the current window. Listing 10,000 accounts' codes
 * costs 20,000 HMACs; with this cache a popup opened again in the same
 * period costs none, and a new period costs one per account (the old
 * window's `next` becomes its `code`).
 */
export class CodeCache {
  private entries = new Map<string, Entry>();

  codeOf(record: AccountRecord, at: number): Code {
    const cached = this.entries.get(record.id);
    // The same record object as last time cannot have changed (stores replace records, never mutate them).
    if (cached?.record === record && cached.window.validFrom !== null && cached.window.validUntil !== null) {
      if (at >= cached.window.validFrom && at < cached.window.validUntil) return cached.code;
    }
    const params: OtpParams = { ...record.otp, secret: record.secret };
    const fingerprint = `${record.secret}|${record.otp.kind}|${record.otp.algorithm}|${record.otp.digits}|${record.otp.period}|${record.otp.counter}`;
    const entry = cached?.fingerprint === fingerprint ? cached : undefined;
    const secret = entry?.secret ?? Secret.fromBase32(record.secret);
    let window: CodeWindow;
    if (entry && record.otp.kind === "hotp") {
      window = entry.window;
      if (entry.record === record) return entry.code;
    } else if (
      entry &&
      entry.window.validFrom !== null &&
      entry.window.validUntil !== null &&
      record.otp.kind !== "hotp"
    ) {
      const periodMs = record.otp.period * 1000;
      const windowStart = Math.floor(at / periodMs) * periodMs;
      if (windowStart === entry.window.validFrom) return entry.code;
      window =
        windowStart === entry.window.validUntil
          ? {
              code: entry.window.next,
              period: record.otp.period,
              validFrom: windowStart,
              validUntil: windowStart + periodMs,
              next: codeAt(params, secret, windowStart + periodMs),
            }
          : generateCodeFrom(params, secret, at);
    } else {
      window = generateCodeFrom(params, secret, at);
    }
    const code: Code = { accountId: record.id, ...window };
    this.entries.set(record.id, { record, fingerprint, secret, window, code });
    return code;
  }

  /** Drops entries of accounts that no longer exist. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
  }
}
