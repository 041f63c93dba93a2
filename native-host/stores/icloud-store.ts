import { join } from "node:path";
import type { z } from "zod";
import type { AccountRecord } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { dataDir, type Environment } from "../paths";
import { BUILD_HINT, HelperConnection, isHelperError, malformed } from "./icloud/helper-connection";
import { HELPER_PROTOCOL_VERSION, type HelperCall, type HelperError, HelperResult } from "./icloud-helper-protocol";
import { ItemStore, type StoredItem } from "./item-store";
import { keychainFailure, sharedKeychainError } from "./keychain/os-status";
import { checkChangedRecord, checkNewRecords, itemLabel, undoAdds } from "./store-writes";
import { readStoredJson } from "./stored-record";

const DEFAULT_TIMEOUT_MS = 15_000;

export interface ICloudStoreOptions {
  /** The helper executable; default `TWOFOLD_ICLOUD_HELPER`, else {@link defaultHelperPath}. */
  helperPath?: string;
  /** How long one request may take before the helper is restarted. */
  timeoutMs?: number;
}

/**
 * Where `build-helper.sh` installs the helper: the main executable of an
 * app-like bundle in Twofold's data folder,
 * `~/Library/Application Support/Twofold/TwofoldKeychainHelper.app/Contents/MacOS/twofold-keychain-helper`.
 * It is a bundle because its keychain-access-groups entitlement must be
 * authorised by a provisioning profile, and only a bundle can embed one.
 */
export function defaultHelperPath(environment: Environment): string {
  return join(dataDir(environment), "TwofoldKeychainHelper.app", "Contents", "MacOS", "twofold-keychain-helper");
}

/**
 * `icloud` — iCloud Keychain, through Twofold's signed Swift helper
 * (docs/architecture.md, "macOS keychains"): a plain `node` process cannot reach
 * synchronizable items, the helper can. The helper is started on first use
 * and kept; requests and replies are JSON lines
 * (`icloud-helper-protocol.ts`). If it dies, pending requests fail with a
 * clear error and the next request starts it again.
 */
export class ICloudStore extends ItemStore {
  readonly spec = "icloud";
  readonly helperPath: string;
  private readonly timeoutMs: number;
  private connection: HelperConnection | null = null;

  constructor(
    private readonly environment: Environment,
    options: ICloudStoreOptions = {},
  ) {
    super();
    this.helperPath = options.helperPath ?? (environment.env.TWOFOLD_ICLOUD_HELPER || defaultHelperPath(environment));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const valid = checkNewRecords(records);
    const added: string[] = [];
    try {
      for (const record of valid) {
        await this.call(HelperResult.put, { op: "put", mode: "add", ...item(record) }, record.id);
        added.push(record.id);
      }
    } catch (error) {
      throw await undoAdds(added, error, async (ids) => {
        const left: string[] = [];
        for (const id of ids) {
          await this.call(HelperResult.delete, { op: "delete", account: id }, id).catch((failure: unknown) => {
            if (!(failure instanceof TwofoldError && failure.code === "NOT_FOUND")) left.push(id);
          });
        }
        return left;
      });
    }
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    const { item: stored } = await this.call(HelperResult.get, { op: "get", account: id }, id);
    const current = parseValue(stored.account, stored.value);
    const next = checkChangedRecord(id, change(current));
    // SecItemUpdate changes the item in place: NOT_FOUND if it went meanwhile.
    await this.call(HelperResult.put, { op: "put", mode: "replace", ...item(next) }, id);
    return next;
  }

  async remove(id: string): Promise<void> {
    await this.call(HelperResult.delete, { op: "delete", account: id }, id);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.close();
  }

  /** Every item (one `list`), those of `ids` when given. */
  protected async items(ids?: readonly string[]): Promise<StoredItem[]> {
    const { items } = await this.call(HelperResult.list, { op: "list" });
    const wanted = ids === undefined ? null : new Set(ids);
    return items
      .filter((item) => wanted === null || wanted.has(item.account))
      .map((item) => ({ key: item.account, text: item.value }));
  }

  /** Sends one request, starting the helper (and checking its protocol) when needed. */
  private async call<Schema extends z.ZodType>(
    schema: Schema,
    request: HelperCall,
    account?: string,
  ): Promise<z.output<Schema>> {
    const connection = await this.connect();
    const raw = await connection.request(request).catch((error: unknown) => {
      throw isHelperError(error) ? mapHelperError(error.body, account) : error;
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      connection.dispose(malformed());
      throw malformed();
    }
    return parsed.data;
  }

  private async connect(): Promise<HelperConnection> {
    if (this.connection === null || this.connection.gone) {
      const connection = new HelperConnection(this.helperPath, this.environment.env, this.timeoutMs);
      connection.ready = connection.request({ op: "ping" }).then(
        (raw) => {
          const ping = HelperResult.ping.safeParse(raw);
          if (!ping.success) throw malformed();
          if (ping.data.protocol !== HELPER_PROTOCOL_VERSION) {
            throw new TwofoldError(
              "STORE_UNAVAILABLE",
              `The iCloud keychain helper speaks protocol ${ping.data.protocol}; this Twofold needs ${HELPER_PROTOCOL_VERSION}. ${BUILD_HINT}`,
            );
          }
        },
        (error: unknown) => {
          throw isHelperError(error) ? mapHelperError(error.body) : error;
        },
      );
      this.connection = connection;
    }
    const connection = this.connection;
    try {
      await connection.ready;
    } catch (error) {
      // Start afresh next time: the person may fix the cause meanwhile.
      connection.dispose(error instanceof TwofoldError ? error : malformed());
      throw error;
    }
    return connection;
  }
}

/** Turns the helper's error into one a person can act on; the OSStatus decides when it is known. */
export function mapHelperError(error: HelperError, account?: string): TwofoldError {
  const kind = (error.osStatus === null ? undefined : keychainFailure(error.osStatus)) ?? error.code;
  const status = error.osStatus === null ? "" : ` (OSStatus ${error.osStatus})`;
  const subject = account === undefined ? "" : ` for account ${account}`;
  if (kind === "badRequest") {
    return new TwofoldError("INTERNAL", `The iCloud keychain helper rejected a request: ${error.message}`);
  }
  const shared = kind === "internal" ? undefined : sharedKeychainError(kind, account);
  if (shared !== undefined) return shared;
  switch (kind) {
    case "missingEntitlement":
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `macOS refused the iCloud keychain helper (errSecMissingEntitlement${status}): the iCloud helper is not signed with Twofold's keychain-access-groups entitlement, authorised by a provisioning profile. ${BUILD_HINT}`,
      );
    case "interactionNotAllowed":
      return new TwofoldError(
        "STORE_LOCKED",
        "Your Mac's keychain is locked (errSecInteractionNotAllowed). Unlock the Mac, or log in at it rather than only over SSH, then try again.",
      );
    case "authFailed":
      return new TwofoldError(
        "ACCESS_DENIED",
        `macOS denied the iCloud keychain helper access${subject}${status}. Allow it when macOS asks, then try again.`,
      );
    case "keychainUnavailable":
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The iCloud keychain is not available${status}. Log in at the Mac (not only over SSH), and turn on iCloud Keychain in System Settings → [your name] → iCloud → Passwords (Passwords & Keychain on older macOS), then try again.`,
      );
    default:
      // "internal", or a status that only the login keychain meets.
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The iCloud keychain helper failed${subject}${status}: ${error.message}. Try again; if it repeats, rebuild the helper with native-host/macos/build-helper.sh.`,
      );
  }
}

function item(record: AccountRecord): { account: string; label: string; value: string } {
  return { account: record.id, label: itemLabel(record), value: JSON.stringify(record) };
}

function parseValue(account: string, text: string): AccountRecord {
  const { read } = readStoredJson(text, account);
  if (!read.ok) {
    throw new TwofoldError(
      "STORE_CORRUPT",
      `The iCloud keychain item of account ${account} does not hold a valid Twofold account (${read.reason}). Remove it with \`twofold remove ${account}\`, then try again.`,
    );
  }
  return read.record;
}
