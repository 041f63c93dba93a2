import type { AccountRecord, AccountSummary } from "../../src/otp/account";
import type { QuarantinedRecord } from "./stored-record";

/**
 * Where accounts live. Every backend (file vault, Secret Service, macOS
 * keychains) is registered in `store-registry.ts`, and every registered one
 * passes the same contract suite (`test/host/store-contract.ts`).
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
   * Values kept under Twofold's name that are not valid accounts. They are
   * left out of {@link list} and {@link records} rather than failing them,
   * kept untouched, and removed by id with {@link remove}.
   */
  quarantined(): Promise<QuarantinedRecord[]>;

  /**
   * Adds records in one step: all of them or, on any failure, none.
   * `ALREADY_EXISTS` when an id is taken. Every record is checked with
   * `checkRecordForWrite` first, so no write can leave a record that the
   * store then cannot read.
   */
  add(records: readonly AccountRecord[]): Promise<void>;

  /** Replaces one record with `change(current)` (checked like {@link add}'s); `NOT_FOUND` when absent. */
  update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord>;

  /** Deletes one account, or a quarantined value by its id; `NOT_FOUND` when absent. */
  remove(id: string): Promise<void>;

  /** Releases connections and child processes. */
  close(): Promise<void>;
}
