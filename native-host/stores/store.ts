import type { AccountRecord, AccountSummary } from "../../src/otp/account";

/**
 * Where accounts live. Every backend (file vault, Secret Service, macOS
 * keychains) passes the same contract suite in `test/host/store-contract.ts`.
 * Secrets leave a store only through {@link Store.records}, and only into the
 * host process.
 */
export interface Store {
  /** The spec that opened this store, e.g. `file:/home/ada/vault.json`. */
  readonly spec: string;

  /** Every account without its secret. */
  list(): Promise<AccountSummary[]>;

  /**
   * Full records, secrets included, for `ids` (all when omitted). Re-reads the
   * backend, so changes made by another process are seen. Unknown ids are
   * left out. One round trip to the backend however many accounts there are.
   */
  records(ids?: readonly string[]): Promise<AccountRecord[]>;

  /**
   * Adds records in one step: all of them or, on any failure, none.
   * `ALREADY_EXISTS` when an id is taken.
   */
  add(records: readonly AccountRecord[]): Promise<void>;

  /** Replaces one record with `change(current)`; `NOT_FOUND` when absent. */
  update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord>;

  /** Deletes one account; `NOT_FOUND` when absent. */
  remove(id: string): Promise<void>;

  /** Releases connections and child processes. */
  close(): Promise<void>;
}
