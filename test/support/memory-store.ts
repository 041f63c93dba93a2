import type { Store } from "../../native-host/stores/store";
import type { StoreDefinition } from "../../native-host/stores/store-registry";
import { alreadyExists, checkChangedRecord, checkNewRecords, notFound } from "../../native-host/stores/store-writes";
import type { QuarantinedRecord } from "../../native-host/stores/stored-record";
import { type AccountRecord, type AccountSummary, summarize } from "../../src/otp/account";

/** Every memory backend of this process, by its path: two handles on one path share it, like two hosts. */
const BACKENDS = new Map<string, Map<string, AccountRecord>>();

/**
 * A toy store that keeps accounts in this process's memory, for proving that
 * a store is one file plus one registry entry: this file is the store and
 * its entry, {@link memoryStore}; a test registers it with one line.
 */
export class MemoryStore implements Store {
  private readonly accounts: Map<string, AccountRecord>;

  constructor(readonly path: string) {
    const backend = BACKENDS.get(path) ?? new Map<string, AccountRecord>();
    BACKENDS.set(path, backend);
    this.accounts = backend;
  }

  get spec(): string {
    return `memory:${this.path}`;
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.records()).map(summarize);
  }

  async records(ids?: readonly string[]): Promise<AccountRecord[]> {
    const all = [...this.accounts.values()].map((record) => structuredClone(record));
    return ids === undefined ? all : all.filter((record) => ids.includes(record.id));
  }

  async quarantined(): Promise<QuarantinedRecord[]> {
    return [];
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const checked = checkNewRecords(records);
    const taken = checked.find((record) => this.accounts.has(record.id));
    if (taken !== undefined) throw alreadyExists(taken.id);
    for (const record of checked) this.accounts.set(record.id, structuredClone(record));
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    const current = this.accounts.get(id);
    if (current === undefined) throw notFound(id);
    const next = checkChangedRecord(id, change(structuredClone(current)));
    this.accounts.set(id, structuredClone(next));
    return next;
  }

  async remove(id: string): Promise<void> {
    if (!this.accounts.delete(id)) throw notFound(id);
  }

  async close(): Promise<void> {
    // Nothing is open; the accounts stay for the next handle on this path.
  }
}

/** The toy's registry entry: `--store memory:PATH`, usable anywhere, never the default. */
export const memoryStore: StoreDefinition = {
  kind: "memory",
  path: { example: "memory:~/accounts" },
  unavailable: () => undefined,
  open: async (spec) => new MemoryStore(spec.path ?? ""),
};
