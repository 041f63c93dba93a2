import type { z } from "zod";
import type { AccountStore } from "../../native-host/accounts/account-store";
import { AccountRecord, type AccountSummary, displayName, StoredAccount, summarize } from "../otp/account";
import { TwofoldError } from "../protocol/twofold-error";
import type { SafariKeychain } from "./safari-keychain";

/**
 * The accounts of Safari's background: the `icloud` store's iCloud Keychain
 * items, reached through the Twofold app, which shows them without their
 * secrets. Records are parsed with the same schema as every store's; a new
 * account's secret goes to the app once, on `add`, and a change is written
 * back without a secret, so the app keeps the stored one.
 */
export class SafariAccountStore implements AccountStore<StoredAccount> {
  readonly spec = "icloud";

  constructor(private readonly keychain: SafariKeychain) {}

  async list(): Promise<AccountSummary[]> {
    return (await this.records()).map(summarize);
  }

  async records(ids?: readonly string[]): Promise<StoredAccount[]> {
    const { items } = await this.keychain.call({ op: "list" });
    const wanted = ids === undefined ? null : new Set(ids);
    return items
      .filter((item) => wanted === null || wanted.has(item.account))
      .map((item) => parseItem(item.account, item.value));
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const valid = records.map((record) => checked(AccountRecord, record));
    if (new Set(valid.map((record) => record.id)).size !== valid.length) {
      throw new TwofoldError("ALREADY_EXISTS", "Two of the accounts to add have the same id.");
    }
    const added: string[] = [];
    try {
      for (const record of valid) {
        const item = { account: record.id, label: label(record), value: JSON.stringify(record) };
        await this.keychain.call({ op: "put", mode: "add", ...item }, record.id);
        added.push(record.id);
      }
    } catch (error) {
      // All or nothing, as every store adds.
      for (const id of added) await this.keychain.call({ op: "delete", account: id }, id).catch(() => undefined);
      throw error;
    }
  }

  async update(id: string, change: (current: StoredAccount) => StoredAccount): Promise<StoredAccount> {
    const { item } = await this.keychain.call({ op: "get", account: id }, id);
    const next = checked(StoredAccount, change(parseItem(item.account, item.value)));
    if (next.id !== id) throw new TwofoldError("BAD_REQUEST", `An account's id cannot change (${id} → ${next.id}).`);
    // No secret in the value: the app keeps the one it has.
    await this.keychain.call(
      { op: "put", mode: "replace", account: id, label: label(next), value: JSON.stringify(next) },
      id,
    );
    return next;
  }

  async remove(id: string): Promise<void> {
    await this.keychain.call({ op: "delete", account: id }, id);
  }
}

/** The Keychain Access label, as the `icloud` store writes it. */
function label(record: StoredAccount): string {
  return `Twofold: ${displayName(record)}`;
}

function parseItem(account: string, value: string): StoredAccount {
  let parsed: ReturnType<typeof StoredAccount.safeParse> | undefined;
  try {
    parsed = StoredAccount.safeParse(JSON.parse(value));
  } catch {
    // Not JSON: reported below.
  }
  if (!parsed?.success || parsed.data.id !== account) throw corrupt(account);
  return parsed.data;
}

/** `value` as the schema reads it; a record that breaks it is never written. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TwofoldError("BAD_REQUEST", "That is not a valid account record.");
  return parsed.data;
}

/** An iCloud keychain item that holds no Twofold account, or none the app can make codes from. */
export function corrupt(account: string): TwofoldError {
  return new TwofoldError(
    "STORE_CORRUPT",
    `The iCloud keychain item of account ${account} does not hold a Twofold account. Remove it with \`twofold remove ${account} --store icloud\`, then try again.`,
  );
}
