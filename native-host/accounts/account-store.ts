import type { AccountRecord, AccountSummary, StoredAccount } from "../../src/otp/account";
import type { QuarantinedRecord } from "../stores/stored-record";

/**
 * Where accounts live, as the account logic needs it. Every `Store` is one,
 * with secrets in its records; Safari's background has another whose records
 * have none, because the Twofold app keeps them (see
 * src/background/safari-account-store.ts).
 */
export interface AccountStore<R extends StoredAccount> {
  readonly spec: string;
  list(): Promise<AccountSummary[]>;
  /** Records of `ids` (all when omitted); unknown ids are left out. */
  records(ids?: readonly string[]): Promise<R[]>;
  /** Adds new accounts, secrets included: all of them or none. */
  add(records: readonly AccountRecord[]): Promise<void>;
  /** Replaces one record with `change(current)`; `NOT_FOUND` when absent. */
  update(id: string, change: (current: R) => R): Promise<R>;
  remove(id: string): Promise<void>;
  /**
   * Values kept under Twofold's name that are not valid accounts, left out of
   * every other method (see `Store.quarantined`). Absent where a store cannot
   * tell.
   */
  quarantined?(): Promise<QuarantinedRecord[]>;
}
