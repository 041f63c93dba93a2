import { type AccountRecord, type AccountSummary, summarize } from "../../src/otp/account";
import type { Store } from "./store";
import { type QuarantinedRecord, quarantined, readStoredJson } from "./stored-record";

/** One stored value as a keychain holds it: JSON text, filed under an account id. */
export interface StoredItem {
  /** The id the item is filed under (its keychain account). */
  key: string;
  /** Its value; `null` when the backend gave something that is not text. */
  text: string | null;
}

/**
 * A store whose backend keeps one item per account, filed under the
 * account's id, and reads many in one go: the two macOS keychains. Reading
 * is the same for both — each value is read as an account or set aside — so
 * a subclass only fetches the items.
 */
export abstract class ItemStore implements Store {
  abstract readonly spec: string;

  async list(): Promise<AccountSummary[]> {
    return (await this.records()).map(summarize);
  }

  async records(ids?: readonly string[]): Promise<AccountRecord[]> {
    return (await this.read(ids)).records;
  }

  async quarantined(): Promise<QuarantinedRecord[]> {
    return (await this.read()).setAside;
  }

  abstract add(records: readonly AccountRecord[]): Promise<void>;
  abstract update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord>;
  abstract remove(id: string): Promise<void>;
  abstract close(): Promise<void>;

  /** The items of `ids` (every Twofold item when omitted), in one round trip to the backend. */
  protected abstract items(ids?: readonly string[]): Promise<StoredItem[]>;

  private async read(ids?: readonly string[]): Promise<{ records: AccountRecord[]; setAside: QuarantinedRecord[] }> {
    const records: AccountRecord[] = [];
    const setAside: QuarantinedRecord[] = [];
    for (const { key, text } of await this.items(ids)) {
      const { read, value } = readStoredJson(text, key);
      if (read.ok) records.push(read.record);
      else setAside.push(quarantined(value, read.reason, key));
    }
    return { records, setAside };
  }
}
