import { type AccountRecord, displayName, plainName } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { checkRecordForWrite } from "./stored-record";

/**
 * The rules every store applies the same way when it writes: which records
 * may be added, what an update may change, the errors for a taken or a
 * missing id, and how a failed add is taken back. A store keeps only what
 * its backend does differently.
 */

/** `add`'s records, each checked as it will be written; `ALREADY_EXISTS` when the batch names an id twice. */
export function checkNewRecords(records: readonly AccountRecord[]): AccountRecord[] {
  const checked = records.map(checkRecordForWrite);
  const seen = new Set<string>();
  for (const record of checked) {
    if (seen.has(record.id)) throw alreadyExists(record.id);
    seen.add(record.id);
  }
  return checked;
}

/** What `update`'s change made of account `id`, checked as it will be written; its id may not change. */
export function checkChangedRecord(id: string, changed: AccountRecord): AccountRecord {
  const next = checkRecordForWrite(changed);
  if (next.id !== id) throw new TwofoldError("BAD_REQUEST", `An account's id cannot change (${id} → ${next.id}).`);
  return next;
}

export function alreadyExists(id: string): TwofoldError {
  return new TwofoldError("ALREADY_EXISTS", `An account with id ${id} already exists.`);
}

export function notFound(id: string): TwofoldError {
  return new TwofoldError("NOT_FOUND", `No account has id ${id}; it may have been removed meanwhile.`);
}

/**
 * How an account's item is named in a keychain app, e.g. "Twofold: ACME
 * (alice)"; plain even for a record stored before names were made plain, as
 * the Secret Service refuses a label holding a NUL.
 */
export function itemLabel(record: Pick<AccountRecord, "issuer" | "label">): string {
  return `Twofold: ${displayName({ issuer: plainName(record.issuer), label: plainName(record.label) })}`;
}

/**
 * Takes back what a failed add had already written, so that add is all or
 * nothing, and returns the error to throw: `failure`, or — when some could
 * not be taken back — `failure` naming them, so the person can remove them.
 * `removeAdded` returns the ids it could not remove; if it throws, none were.
 */
export async function undoAdds(
  added: readonly string[],
  failure: unknown,
  removeAdded: (ids: readonly string[]) => Promise<readonly string[]>,
): Promise<unknown> {
  if (added.length === 0) return failure;
  let left: readonly string[] = added;
  try {
    left = await removeAdded(added);
  } catch {
    // `left` still names every account.
  }
  if (left.length === 0 || !(failure instanceof TwofoldError)) return failure;
  return new TwofoldError(
    failure.code,
    `${failure.message} Twofold could not undo the accounts it had already added (${left.join(", ")}); remove them with \`twofold remove ID\`.`,
    { cause: failure },
  );
}
