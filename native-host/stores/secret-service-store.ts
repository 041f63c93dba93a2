import { type AccountRecord, type AccountSummary, summarize } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { type DbusCallInfo, DbusClient } from "./secret-service/dbus-client";
import { runLimited } from "./secret-service/run-limited";
import {
  ALIAS_PATH_PREFIX,
  type Attributes,
  type NewItem,
  NO_OBJECT,
  type ObjectPath,
  SecretServiceClient,
} from "./secret-service/secret-service-client";
import {
  isMissingObject,
  noSessionBus,
  promptRequired,
  storeLocked,
  toStoreError,
} from "./secret-service/secret-service-errors";
import type { Store } from "./store";
import { alreadyExists, checkChangedRecord, checkNewRecords, itemLabel, notFound, undoAdds } from "./store-writes";
import { type QuarantinedRecord, quarantined, readStoredRecord } from "./stored-record";

/** The `xdg:schema` attribute of every Twofold item, as libsecret tools expect. */
export const ACCOUNT_SCHEMA = "dev.twofold.Account";
const CONTENT_TYPE = "application/json";
const DEFAULT_TIMEOUT_MS = 10_000;
/** Calls kept in flight at once by add(); enough to hide latency, few enough not to flood the daemon. */
const PIPELINE = 8;

export interface SecretServiceOptions {
  /**
   * The collection to keep accounts in: an alias such as `default` (the
   * default), or a collection's object path. Tests pass a throwaway one.
   */
  collection?: string | undefined;
  /** How long each D-Bus call may take; 10 s unless set. */
  timeoutMs?: number | undefined;
  /** Sees every D-Bus method call (never its arguments); for counting round trips. */
  onCall?: ((call: DbusCallInfo) => void) | undefined;
}

/** A keyring item that looked like a Twofold account but was left out of a read. */
export interface SkippedItem {
  item: ObjectPath;
  reason: string;
  /** Set for an item that is not a valid account; absent for a second copy of a valid one. */
  report?: QuarantinedRecord;
}

/**
 * `secret-service` — accounts in the freedesktop Secret Service (GNOME
 * Keyring, KWallet) over the D-Bus session bus. One item per account in the
 * default collection, found by `{ "xdg:schema": "dev.twofold.Account",
 * "twofold-id": id }`; its secret is the whole {@link AccountRecord} as JSON,
 * so pins and domains travel with it and the keyring encrypts all of it.
 *
 * Reading every account costs two round trips however many there are
 * (SearchItems, then one GetSecrets). The store never shows a keyring prompt:
 * a host started by a browser may have no UI to show it on, so a locked
 * keyring is reported as `STORE_LOCKED` and nothing is written.
 */
export class SecretServiceStore implements Store {
  readonly spec = "secret-service";
  /**
   * Items the last full read left out: values that are not valid accounts
   * (written by another tool, or damaged) and second copies of an id. They
   * stay in the keyring — deleting what we cannot read could destroy the only
   * copy of a secret — so `doctor` can show them and the user can decide.
   */
  skipped: readonly SkippedItem[] = [];

  private constructor(
    private readonly bus: DbusClient,
    private readonly client: SecretServiceClient,
    private readonly session: ObjectPath,
    /** The collection's real object path (aliases resolved). */
    readonly collection: ObjectPath,
  ) {}

  /**
   * Connects to the session bus named by `environment`, opens a Secret
   * Service session and finds the collection. Does not require the keyring
   * to be unlocked; operations on a locked one fail with `STORE_LOCKED`.
   */
  static async open(environment: Environment, options: SecretServiceOptions = {}): Promise<SecretServiceStore> {
    const address = environment.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) throw noSessionBus();
    const bus = await DbusClient.connect(address, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onCall: options.onCall,
    }).catch((error: unknown) => {
      throw toStoreError(error, "connect to the D-Bus session bus");
    });
    try {
      const client = new SecretServiceClient(bus);
      const session = await client.openPlainSession();
      const collection = await resolveCollection(client, options.collection ?? "default");
      return new SecretServiceStore(bus, client, session, collection);
    } catch (error) {
      bus.close();
      throw toStoreError(error, "open your keyring");
    }
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.records()).map(summarize);
  }

  async records(ids?: readonly string[]): Promise<AccountRecord[]> {
    const records = await this.guard("read your accounts", () => this.readAll());
    if (ids === undefined) return records;
    const wanted = new Set(ids);
    return records.filter((record) => wanted.has(record.id));
  }

  /** Items that are not valid accounts, by the `twofold-id` they are filed under. */
  async quarantined(): Promise<QuarantinedRecord[]> {
    return this.guard("read your accounts", async () => {
      await this.readAll();
      const reports: QuarantinedRecord[] = [];
      for (const { item, report } of this.skipped) {
        if (report === undefined) continue;
        // remove() finds items by this attribute, so it is the id that removes this one. An item
        // that cannot be asked (deleted meanwhile) keeps the id derived from its value.
        const filed = (await this.client.attributes(item).catch(() => ({}) as Attributes))["twofold-id"];
        reports.push(filed ? { ...report, id: filed } : report);
      }
      return reports;
    });
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const valid = checkNewRecords(records);
    if (valid.length === 0) return;
    await this.guard("add accounts", async () => {
      if (await this.client.isLocked(this.collection)) throw storeLocked();
      await runLimited(valid, PIPELINE, async (record) => {
        const { unlocked, locked } = await this.client.searchItems(attributesOf(record.id));
        if (this.ours(locked).length > 0) throw storeLocked();
        if (this.ours(unlocked).length > 0) throw alreadyExists(record.id);
      });
      // Secret Service has no transactions: create one item per account and,
      // if any creation fails, delete the ones this call made. Nor has it
      // locks, so two hosts adding one id at once could both pass the check
      // above; reads then keep one copy and update() writes every copy.
      const created = new Map<string, ObjectPath>();
      try {
        await runLimited(valid, PIPELINE, async (record) => {
          const { item, prompt } = await this.client.createItem(this.collection, newItem(record), this.session);
          if (item !== NO_OBJECT) created.set(record.id, item);
          if (prompt !== NO_OBJECT) {
            await this.dismiss(prompt);
            throw promptRequired("add accounts");
          }
        });
      } catch (error) {
        throw await undoAdds([...created.keys()], toStoreError(error, "add accounts"), (ids) =>
          this.deleteCreated(ids, created),
        );
      }
    });
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    const { items, current } = await this.guard("read the account", async () => {
      const items = await this.itemsOf(id);
      const secrets = await this.client.getSecrets(items, this.session);
      const value = items.map((item) => secrets.get(item)).find((found) => found !== undefined);
      if (value === undefined) {
        if (await this.client.isLocked(this.collection)) throw storeLocked();
        throw notFound(id);
      }
      const parsed = parseItem(value);
      if (!parsed.ok || parsed.record.id !== id) {
        throw new TwofoldError(
          "STORE_CORRUPT",
          `The keyring item of account ${id} does not hold a valid Twofold account (${parsed.ok ? "its id differs" : parsed.reason}). Remove it with "twofold remove ${id}" and add the account again.`,
        );
      }
      return { items, current: parsed.record };
    });
    const next = checkChangedRecord(id, change(current));
    await this.guard("update the account", async () => {
      const value = encode(next);
      // Copies of one id (two hosts adding at once) all get the new value, so
      // whichever a later read keeps is current.
      for (const item of items) {
        await this.client.setSecret(item, this.session, value, CONTENT_TYPE);
        await this.client.setLabel(item, itemLabel(next));
      }
    });
    return next;
  }

  async remove(id: string): Promise<void> {
    await this.guard("remove the account", async () => {
      for (const item of await this.itemsOf(id)) {
        let prompt: ObjectPath;
        try {
          prompt = await this.client.deleteItem(item);
        } catch (error) {
          if (isMissingObject(error)) continue; // removed meanwhile: the outcome we want
          throw error;
        }
        if (prompt !== NO_OBJECT) {
          await this.dismiss(prompt);
          throw promptRequired(`remove account ${id}`);
        }
      }
    });
  }

  /**
   * Disconnects from the bus so the process can exit. The service closes our
   * session itself when the connection goes (Secret Service spec, Sessions).
   */
  async close(): Promise<void> {
    this.bus.close();
  }

  /** Every valid account in the collection: SearchItems, then one GetSecrets. */
  private async readAll(): Promise<AccountRecord[]> {
    const { unlocked, locked } = await this.client.searchItems({ "xdg:schema": ACCOUNT_SCHEMA });
    if (this.ours(locked).length > 0) throw storeLocked();
    const items = this.ours(unlocked);
    // An empty search cannot tell "no accounts" from "locked and the service
    // hides locked items" (KWallet does), so ask the collection.
    if (items.length === 0) {
      if (await this.client.isLocked(this.collection)) throw storeLocked();
      this.skipped = [];
      return [];
    }
    const secrets = await this.client.getSecrets(items, this.session);
    // GetSecrets silently leaves out items that were locked or deleted since
    // the search; only a lock makes that an error.
    if (secrets.size < items.length && (await this.client.isLocked(this.collection))) throw storeLocked();
    const records: AccountRecord[] = [];
    const skipped: SkippedItem[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const value = secrets.get(item);
      if (value === undefined) continue;
      const parsed = parseItem(value);
      if (!parsed.ok) {
        skipped.push({ item, reason: parsed.reason, report: parsed.report });
      } else if (seen.has(parsed.record.id)) {
        skipped.push({ item, reason: `a second copy of account ${parsed.record.id}` });
      } else {
        seen.add(parsed.record.id);
        records.push(parsed.record);
      }
    }
    this.skipped = skipped;
    return records;
  }

  /** The items holding account `id`; `NOT_FOUND` or `STORE_LOCKED` when there are none to use. */
  private async itemsOf(id: string): Promise<ObjectPath[]> {
    const { unlocked, locked } = await this.client.searchItems(attributesOf(id));
    if (this.ours(locked).length > 0) throw storeLocked();
    const items = this.ours(unlocked);
    if (items.length > 0) return items;
    if (await this.client.isLocked(this.collection)) throw storeLocked();
    throw notFound(id);
  }

  /** SearchItems covers every collection; keep this store's. */
  private ours(items: readonly ObjectPath[]): ObjectPath[] {
    return items.filter((item) => item.startsWith(`${this.collection}/`));
  }

  /** Deletes the items a failed add() created; returns the ids it could not delete. */
  private async deleteCreated(ids: readonly string[], created: ReadonlyMap<string, ObjectPath>): Promise<string[]> {
    const left: string[] = [];
    for (const id of ids) {
      const item = created.get(id);
      if (item === undefined) continue;
      try {
        const prompt = await this.client.deleteItem(item);
        if (prompt !== NO_OBJECT) {
          await this.dismiss(prompt);
          left.push(id);
        }
      } catch (error) {
        if (!isMissingObject(error)) left.push(id);
      }
    }
    return left;
  }

  /**
   * Closes a prompt the service opened instead of acting (we never show
   * one). Its failure is ignored: the prompt is then gone or will time out,
   * and the caller reports the refused action either way.
   */
  private async dismiss(prompt: ObjectPath): Promise<void> {
    await this.client.dismissPrompt(prompt).catch(() => undefined);
  }

  private async guard<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toStoreError(error, action);
    }
  }
}

/** Finds the collection `wanted` names: an alias, an alias path or a collection path. */
async function resolveCollection(client: SecretServiceClient, wanted: string): Promise<ObjectPath> {
  if (wanted.startsWith("/") && !wanted.startsWith(ALIAS_PATH_PREFIX)) {
    try {
      await client.isLocked(wanted);
    } catch (error) {
      if (!isMissingObject(error)) throw error;
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `The keyring collection ${wanted} does not exist. Create it in Passwords and Keys (Seahorse), or use the default collection.`,
      );
    }
    return wanted;
  }
  const alias = wanted.startsWith(ALIAS_PATH_PREFIX) ? wanted.slice(ALIAS_PATH_PREFIX.length) : wanted;
  const path = await client.readAlias(alias);
  if (path !== null) return path;
  if (alias === "default") {
    // Some sessions have a "login" keyring but never set the default alias.
    // We pick it rather than create a collection: creating one makes the
    // service prompt for a new password, and we show no prompts.
    const login = (await client.collections()).find((collection) => collection.endsWith("/login"));
    if (login !== undefined) return login;
    throw new TwofoldError(
      "STORE_UNAVAILABLE",
      "Your keyring has no default collection. Open Passwords and Keys (Seahorse), create a keyring and make it the default, then try again.",
    );
  }
  throw new TwofoldError(
    "STORE_UNAVAILABLE",
    `No keyring collection is called "${alias}". Create it in Passwords and Keys (Seahorse), or use the default collection.`,
  );
}

function attributesOf(id: string): Attributes {
  return { "xdg:schema": ACCOUNT_SCHEMA, "twofold-id": id };
}

function newItem(record: AccountRecord): NewItem {
  return {
    label: itemLabel(record),
    attributes: attributesOf(record.id),
    secret: encode(record),
    contentType: CONTENT_TYPE,
  };
}

function encode(record: AccountRecord): Buffer {
  return Buffer.from(JSON.stringify(record), "utf8");
}

/** Reads an item's value as an account, wiping the buffer that held the secret. */
function parseItem(
  value: Buffer,
): { ok: true; record: AccountRecord } | { ok: false; reason: string; report: QuarantinedRecord } {
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch {
    const reason = "its value is not JSON";
    return { ok: false, reason, report: quarantined(undefined, reason) };
  } finally {
    value.fill(0);
  }
  const read = readStoredRecord(json);
  return read.ok ? read : { ok: false, reason: read.reason, report: quarantined(json, read.reason) };
}
