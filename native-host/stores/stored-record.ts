import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { z } from "zod";
import { AccountId, AccountRecord } from "../../src/otp/account";
import { type ACCOUNT_LIMITS, tooLong } from "../../src/otp/account-limits";
import { TwofoldError } from "../../src/protocol/twofold-error";

/**
 * A value a store holds under Twofold's name that is not a valid account:
 * written by another tool, by an older Twofold without today's limits, or
 * damaged. It is set aside — kept exactly as it is, since it may be the only
 * copy of a secret — and reported, and the other accounts work as before.
 */
export interface QuarantinedRecord {
  /** The id that removes it (`twofold remove ID`, `accounts.remove`). */
  id: string;
  /** What is wrong, naming the field and the rule; never a value. */
  reason: string;
  /** Its issuer and label as far as they can be read, shortened, so a person can tell which account it was. */
  name: string;
}

/** A stored value read back: the account, or why it was set aside. */
export type StoredRead = { ok: true; record: AccountRecord } | { ok: false; reason: string };

/**
 * The one check every store makes before it writes a record: the record
 * must read back under the stored schema, or it is not written. A write that
 * could not be read back would make the store refuse every account after it.
 */
export function checkRecordForWrite(candidate: unknown): AccountRecord {
  const parsed = AccountRecord.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const id = AccountId.safeParse(field(candidate, "id"));
  throw new TwofoldError(
    "BAD_REQUEST",
    `Twofold cannot save ${id.success ? `account ${id.data}` : "this account"}: ${describeRecordProblem(parsed.error, candidate)}. Nothing was changed; correct that and try again.`,
  );
}

/**
 * Reads one stored value (already decoded from JSON) as an account. `key` is
 * the id the backend files it under, where it has one (the keychain item's
 * account, the Secret Service attribute): a record claiming another id is
 * not trusted.
 */
export function readStoredRecord(value: unknown, key?: string): StoredRead {
  const parsed = AccountRecord.safeParse(value);
  if (!parsed.success) return { ok: false, reason: describeRecordProblem(parsed.error, value) };
  if (key !== undefined && parsed.data.id !== key) {
    return { ok: false, reason: `it is filed as account ${key} but holds account ${parsed.data.id}` };
  }
  return { ok: true, record: parsed.data };
}

/**
 * {@link readStoredRecord} for a value stored as JSON text, with the decoded
 * value for {@link quarantined}; `null` text is a value that could not be
 * decoded at all.
 */
export function readStoredJson(text: string | null, key?: string): { read: StoredRead; value: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    return { read: { ok: false, reason: "its value is not JSON" }, value: undefined };
  }
  return { read: readStoredRecord(value, key), value };
}

/**
 * The report of a set-aside value. `key` is the id the backend files it
 * under; without one (a vault entry with no usable id) the id is derived from
 * the value, so the same entry keeps the same id between runs.
 */
export function quarantined(value: unknown, reason: string, key?: string): QuarantinedRecord {
  const own = AccountId.safeParse(field(value, "id"));
  const id = key ?? (own.success ? own.data : unreadableId(value));
  return { id, reason, name: nameOf(value) };
}

/**
 * What is wrong with a record, in words: "the issuer is 300 characters long;
 * Twofold keeps at most 256". Only the first problem, and never a value.
 */
export function describeRecordProblem(error: z.ZodError, value: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return "it does not have the shape of an account";
  const path = issue.path.map(String);
  if (issue.code === "too_big") {
    const found = at(value, path);
    if (Array.isArray(found) && path.join(".") === "domains") return tooLong("bindings", found.length);
    const limited = LIMITED_FIELDS[path.filter((part) => !/^\d+$/.test(part)).join(".")];
    if (typeof found === "string" && limited !== undefined) return tooLong(limited, found.length);
  }
  return `its ${fieldName(path)} is not valid (${issue.message.replace(/\.$/, "")})`;
}

const LIMITED_FIELDS: Record<string, keyof typeof ACCOUNT_LIMITS> = {
  issuer: "issuer",
  label: "label",
  secret: "secret",
  "domains.host": "host",
};

const FIELD_NAMES: Record<string, string> = {
  id: "id",
  issuer: "issuer",
  label: "account name",
  secret: "secret",
  domains: "list of sites",
  pinned: "pin",
  addedAt: "date added",
  otp: "code settings",
};

function fieldName(path: readonly string[]): string {
  const [first, second, third] = path;
  if (first === undefined) return "content";
  if (first === "domains" && second !== undefined && /^\d+$/.test(second)) {
    return `site ${Number(second) + 1}${third === undefined ? "" : ` (${third})`}`;
  }
  if (first === "otp" && second !== undefined) return second;
  return FIELD_NAMES[first] ?? path.join(".");
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) current = field(current, part);
  return current;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** "ACME (alice)" from whatever names the value has, each cut to 40 characters. */
function nameOf(value: unknown): string {
  const text = (name: string) => {
    const found = field(value, name);
    if (typeof found !== "string") return "";
    const trimmed = found.trim();
    return trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  };
  const issuer = text("issuer");
  const label = text("label");
  if (issuer && label) return `${issuer} (${label})`;
  return issuer || label || "(unnamed)";
}

/**
 * A stable id for a value that has none of its own: a hash of the value
 * without its secret, since the id is shown in reports that leave the host.
 */
function unreadableId(value: unknown): string {
  // Anything but an object could itself be a secret: only its type is hashed.
  const hashed =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? { ...value, secret: undefined }
      : typeof value;
  // @noble, not node:crypto: Safari's background runs this file too.
  const digest = bytesToHex(sha256(utf8ToBytes(JSON.stringify(hashed))));
  return `unreadable-${digest.slice(0, 16)}`;
}
