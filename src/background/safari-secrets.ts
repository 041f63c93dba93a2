import type { SecretKeeper } from "../../native-host/accounts/secret-keeper";
import type { AccountRecord, StoredAccount } from "../otp/account";
import { generateCode } from "../otp/generate-code";
import type { Code } from "../protocol/methods";
import { TwofoldError } from "../protocol/twofold-error";
import { corrupt } from "./safari-account-store";
import type { SafariKeychain } from "./safari-keychain";

type Made = { counter: number; code: string; next: string };

/**
 * The {@link SecretKeeper} of Safari's background: the Twofold app keeps the
 * secrets and makes the codes. It makes them at its own clock, never at a
 * time the extension names (a code for a later window would outlive the page
 * that asked), so `at` only says "now" here.
 */
export class SafariSecrets implements SecretKeeper<StoredAccount> {
  constructor(private readonly keychain: SafariKeychain) {}

  async codes(records: readonly StoredAccount[], _at: number): Promise<Code[]> {
    const made = await this.made(records);
    return records.map((record) => {
      const codes = made.get(record.id);
      if (codes === undefined) {
        throw new TwofoldError("NOT_FOUND", `No account has id ${record.id}; it may have been removed meanwhile.`);
      }
      if (codes === null) throw corrupt(record.id);
      return codeOf(record, codes);
    });
  }

  /**
   * Two accounts are the same when secret, issuer and label agree. The app
   * never shows a secret, so the new one is compared by its codes: the two
   * codes the app makes for a namesake, against the two that the new secret
   * gives with the namesake's settings at the same counter. Different
   * secrets agree on both with a chance of 1 in 10^12 (6 digits).
   */
  async findSame(record: AccountRecord, candidates: readonly StoredAccount[]): Promise<StoredAccount | undefined> {
    const namesakes = candidates.filter(
      (candidate) => candidate.issuer === record.issuer && candidate.label === record.label,
    );
    if (namesakes.length === 0) return undefined;
    const made = await this.made(namesakes);
    return namesakes.find((namesake) => {
      const codes = made.get(namesake.id);
      if (!codes) return false;
      const { counter } = codes;
      const mine = generateCode(
        { ...namesake.otp, counter, secret: record.secret },
        counter * namesake.otp.period * 1000,
      );
      return mine.code === codes.code && mine.next === codes.next;
    });
  }

  /** The app's codes by account: null for an item it can make none from; absent when gone. */
  private async made(records: readonly StoredAccount[]): Promise<Map<string, Made | null>> {
    if (records.length === 0) return new Map();
    const { codes, unusable } = await this.keychain.call({ op: "codes", accounts: records.map((record) => record.id) });
    return new Map<string, Made | null>([
      ...unusable.map((account) => [account, null] as const),
      ...codes.map(({ account, ...made }) => [account, made] as const),
    ]);
  }
}

/** The protocol's code from the app's: a time-based code's window is its counter's. */
function codeOf(record: StoredAccount, { counter, code, next }: Made): Code {
  if (record.otp.kind === "hotp") {
    return { accountId: record.id, code, period: null, validFrom: null, validUntil: null, next };
  }
  const periodMs = record.otp.period * 1000;
  return {
    accountId: record.id,
    code,
    period: record.otp.period,
    validFrom: counter * periodMs,
    validUntil: (counter + 1) * periodMs,
    next,
  };
}
