import { type AccountRecord, displayName } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Store } from "../stores/store";
import { accountKey } from "./account-key";

export interface MigrationReport {
  copied: string[];
  alreadyThere: string[];
  removedFromSource: number;
}

/**
 * Copies every account of `from` into `to`, reads each copy back to verify
 * it, and only after all are verified — and only if asked — deletes the
 * source's. Interrupted at any point, nothing is lost: before the removals
 * the source is untouched, and a source account is removed only once its
 * verified copy exists. Running it again skips what was already copied.
 */
export async function migrateAccounts(
  from: Store,
  to: Store,
  options: { removeSource: boolean; onStep?: (line: string) => void },
): Promise<MigrationReport> {
  const source = await from.records();
  const existing = await to.records();
  const present = new Map(existing.map((record) => [accountKey(record), record]));
  const takenIds = new Set(existing.map((record) => record.id));
  const toCopy: AccountRecord[] = [];
  const report: MigrationReport = { copied: [], alreadyThere: [], removedFromSource: 0 };
  for (const record of source) {
    if (present.has(accountKey(record))) {
      report.alreadyThere.push(displayName(record));
      continue;
    }
    // Keep the id (the extension's pins and caches refer to it) unless the target uses it already.
    toCopy.push(
      takenIds.has(record.id) ? { ...record, id: `${record.id.slice(0, 24)}${Date.now().toString(36)}` } : record,
    );
  }
  if (toCopy.length > 0) await to.add(toCopy);
  const copies = new Map((await to.records(toCopy.map((record) => record.id))).map((record) => [record.id, record]));
  for (const record of toCopy) {
    const copy = copies.get(record.id);
    if (copy === undefined || JSON.stringify(canonical(copy)) !== JSON.stringify(canonical(record))) {
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `The copy of ${displayName(record)} in ${to.spec} does not read back as written. Nothing was removed from ${from.spec}; check the target store and run migrate again.`,
      );
    }
    report.copied.push(displayName(record));
    options.onStep?.(`copied and verified ${displayName(record)}`);
  }
  if (options.removeSource) {
    const verified = new Set([...toCopy.map(accountKey), ...present.keys()]);
    for (const record of source) {
      if (!verified.has(accountKey(record))) continue;
      await from.remove(record.id);
      report.removedFromSource += 1;
    }
  }
  return report;
}

/** A record with its keys in a fixed order, for comparison. */
function canonical(record: AccountRecord): unknown {
  const { id, issuer, label, domains, pinned, fillSharedSites, otp, secret, addedAt } = record;
  return { id, issuer, label, domains, pinned, fillSharedSites, otp: { ...otp }, secret, addedAt };
}
