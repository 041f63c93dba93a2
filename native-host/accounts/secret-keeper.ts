import type { AccountRecord, StoredAccount } from "../../src/otp/account";
import type { Code } from "../../src/protocol/methods";

/**
 * Whatever holds the secrets of an {@link AccountStore}'s records: it makes
 * their codes and tells whether a new account is one of them, and never
 * hands a secret out. In the host the secrets are in the records
 * (`record-secrets.ts`); in Safari the Twofold app keeps them
 * (src/background/safari-secrets.ts).
 */
export interface SecretKeeper<R extends StoredAccount> {
  /**
   * One code per record, in order, for the window containing `at` (Unix ms).
   * `NOT_FOUND` when an account went meanwhile.
   */
  codes(records: readonly R[], at: number): Promise<Code[]>;
  /** The first of `candidates` with the same secret, issuer and label as `record`. */
  findSame(record: AccountRecord, candidates: readonly R[]): Promise<R | undefined>;
  /** Told every account whenever all are read, so it can forget removed ones. */
  retain?(records: readonly R[]): void;
}
