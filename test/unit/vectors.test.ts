import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodePrinted, encodeValue } from "../../native-host/stores/keychain/security-session";
import { AccountRecord, StoredAccount } from "../../src/otp/account";
import { generateCode } from "../../src/otp/generate-code";
import type { OtpSettings } from "../../src/otp/otp-params";
import { respond, type StandInItem, withoutSecret } from "../stand-ins/keychain-service.mjs";
import { codesOf } from "../support/safari-handler-stand-in";

// The vectors that native-host/macos/Tests run against the Swift code on a Mac.
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));

interface OtpVector {
  name: string;
  secret: string;
  otp: OtpSettings;
  at: number;
  code: string;
  period: number | null;
  validFrom: number | null;
  validUntil: number | null;
  next: string;
}
interface RecordVector {
  name: string;
  writtenBy: string;
  account: string;
  value: string;
  record: unknown;
  withoutSecret: Record<string, unknown> | null;
  makesCodes: boolean;
}
type Json = Record<string, unknown>;
interface WireVector {
  name: string;
  revealsSecrets: boolean;
  now: number;
  failure?: number;
  keychain: Array<{ account: string; label: string; value: string | Json }>;
  exchanges: Array<{ request: Json; reply: Json }>;
  keychainAfter: Array<{ account: string; label: string; value: string | Json }>;
}

const otp = read<{ vectors: OtpVector[] }>("otp-codes.json").vectors;
const records = read<{ vectors: RecordVector[] }>("records.json").vectors;
const wire = read<{ accessGroup: string; vectors: WireVector[] }>("wire.json");

describe("code vectors", () => {
  it.each(otp)("$name", ({ secret, otp: settings, at, name: _name, ...window }) => {
    expect(generateCode({ ...settings, secret }, at)).toEqual(window);
  });

  it.each(otp)(
    "the Safari handler's stand-in agrees: $name",
    ({ secret, otp: settings, at, code, next, validFrom }) => {
      const made = codesOf(JSON.stringify({ secret, otp: settings }), at);
      const counter = settings.kind === "hotp" ? settings.counter : (validFrom ?? 0) / (settings.period * 1000);
      expect(made).toEqual({ counter, code, next });
    },
  );
});

/** What a store makes of an item: its record, or null when it refuses it. */
function readItem(account: string, value: string): AccountRecord | null {
  try {
    const parsed = AccountRecord.safeParse(JSON.parse(decodePrinted(value) ?? ""));
    return parsed.success && parsed.data.id === account ? parsed.data : null;
  } catch {
    return null;
  }
}

describe("record vectors", () => {
  it.each(records)("a store reads $name", ({ account, value, record }) => {
    expect(readItem(account, value)).toEqual(record);
  });

  it.each(records.filter((vector) => vector.writtenBy === "keychain store"))(
    "the keychain store writes $name",
    ({ value, record }) => {
      expect(encodeValue(AccountRecord.parse(record))).toBe(value);
    },
  );

  it.each(records)("Safari's handler shows $name without its secret", ({ value, withoutSecret: shown }) => {
    const text = withoutSecret(value);
    expect(text === "" ? null : JSON.parse(text)).toEqual(shown);
    expect(text).not.toContain('"secret"');
  });

  it.each(records.filter((vector) => vector.record !== null))(
    "Safari's background reads what the handler shows of $name as the account without its secret",
    ({ withoutSecret: shown, record }) => {
      const { secret: _secret, ...rest } = AccountRecord.parse(record);
      expect(StoredAccount.parse(shown)).toEqual(rest);
    },
  );

  it.each(records)("the handler makes codes from $name: $makesCodes", ({ value, makesCodes }) => {
    expect(codesOf(value, 1_700_000_000_000) !== null).toBe(makesCodes);
  });
});

/** A stored value as the vectors give it: an object stands for its JSON. */
const stored = (value: string | Json): string => (typeof value === "string" ? value : JSON.stringify(value));

/** An item or reply as the vectors compare it: values parsed, and no wording of either side. */
function comparable(reply: Json): Json {
  const parsed = (item: Json): Json => {
    if (typeof item.value !== "string") return item;
    try {
      const value: unknown = JSON.parse(item.value);
      return typeof value === "object" && value !== null && !Array.isArray(value) ? { ...item, value } : item;
    } catch {
      return item;
    }
  };
  const result = reply.result as Json | undefined;
  const error = reply.error as Json | undefined;
  if (error !== undefined) {
    expect(typeof error.message === "string" && error.message.length > 0).toBe(true);
    const { message: _message, ...rest } = error;
    return { ...reply, error: rest };
  }
  if (result === undefined) return reply;
  const { version, ...shown } = result;
  if (version !== undefined) expect(typeof version).toBe("string");
  if (Array.isArray(shown.items)) shown.items = (shown.items as Json[]).map(parsed);
  if (typeof shown.item === "object" && shown.item !== null) shown.item = parsed(shown.item as Json);
  return { ...reply, result: shown };
}

describe("wire vectors", () => {
  it.each(wire.vectors)("$name", (vector) => {
    const state = {
      accessGroup: wire.accessGroup,
      items: vector.keychain.map((item): StandInItem => ({ ...item, value: stored(item.value) })),
    };
    for (const { request, reply } of vector.exchanges) {
      const answered = respond(request, state, {
        revealsSecrets: vector.revealsSecrets,
        nowMs: () => vector.now,
        codesOf,
        ...(vector.failure === undefined ? {} : { failure: vector.failure }),
      });
      expect(comparable(answered.reply), JSON.stringify(request)).toEqual(reply);
    }
    expect(state.items.map((item) => comparable({ result: { item } }))).toEqual(
      vector.keychainAfter.map((item) => comparable({ result: { item: { ...item, value: stored(item.value) } } })),
    );
  });
});
