import type { AccountRecord } from "../../src/otp/account";
import type { Code } from "../../src/protocol/methods";
import { accountKey } from "./account-key";
import { CodeCache } from "./code-cache";
import type { SecretKeeper } from "./secret-keeper";

/** The host's {@link SecretKeeper}: the secrets are in the records, and codes come from a per-window cache. */
export class RecordSecrets implements SecretKeeper<AccountRecord> {
  private readonly cache = new CodeCache();

  async codes(records: readonly AccountRecord[], at: number): Promise<Code[]> {
    return records.map((record) => this.cache.codeOf(record, at));
  }

  async findSame(record: AccountRecord, candidates: readonly AccountRecord[]): Promise<AccountRecord | undefined> {
    const key = accountKey(record);
    return candidates.find((other) => accountKey(other) === key);
  }

  retain(records: readonly AccountRecord[]): void {
    this.cache.retain(new Set(records.map((record) => record.id)));
  }
}
