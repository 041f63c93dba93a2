import { AccountId, type AccountRecord } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { ItemStore, type StoredItem } from "./item-store";
import { keychainFailure, sharedKeychainError } from "./keychain/os-status";
import {
  decodePrinted,
  encodeValue,
  keychainLabel,
  LABEL_ATTRIBUTE,
  lineAt,
  MAX_COMMAND_BYTES,
  type Outcome,
  outcomeAt,
  outputLines,
  parseItems,
  quoteArg,
  securityLines,
  stripPrompts,
} from "./keychain/security-session";
import { SecurityTool } from "./keychain/security-tool";
import { checkChangedRecord, checkNewRecords, notFound, undoAdds } from "./store-writes";
import { readStoredJson } from "./stored-record";

/** The keychain service of every Twofold item; the item's account is the record id. */
export const KEYCHAIN_SERVICE = "dev.twofold.account";

const DEFAULT_SECURITY_PATH = "/usr/bin/security";
const DEFAULT_TIMEOUT_MS = 60_000;
export interface KeychainStoreOptions {
  /** The `security` tool; default `TWOFOLD_SECURITY_PATH`, else /usr/bin/security. */
  securityPath?: string;
  /** A keychain file to use instead of the default search list; default `TWOFOLD_KEYCHAIN`. */
  keychain?: string;
  /** How long one `security` process may take (it may wait on a keychain dialog). */
  timeoutMs?: number;
}

/**
 * `keychain` — the macOS login keychain (not synced), through Apple's
 * `/usr/bin/security` (docs/architecture.md, "macOS keychains"). Each account is one
 * generic password: service `dev.twofold.account`, account = the record id,
 * label `Twofold: <issuer> (<label>)`, password = the record as JSON kept to
 * printable ASCII.
 *
 * Secrets never go in argv, which every user can read with `ps`: commands are
 * written to the stdin of `security -i`, and the value travels as
 * `add-generic-password … -X HEX` ("Specify password data to be added as a
 * hexadecimal string", security(1); `X:` is in keychain_add.c's getopt string
 * in apple-oss-distributions/Security), which needs no quoting. Every write is
 * read back and compared.
 *
 * What this relies on in `security -i` (apple-oss-distributions/Security,
 * SecurityTool/macOS/security.c, readline.c, keychain_find.c; checked against
 * the source, not on a Mac):
 * - A line is at most 4095 bytes (see {@link MAX_COMMAND_BYTES}); the last line
 *   must end in "\n" or it is dropped.
 * - Arguments split on whitespace; `"…"` quotes, `\` takes the next character.
 * - The `security> ` prompt is printed only when stdin is a TTY, to stderr.
 *   It is stripped from line starts anyway, in case a release differs.
 * - A failing command prints `NAME: returned STATUS` on stderr (STATUS the
 *   full OSStatus, e.g. -25300), after any `security: …` message of its own.
 *   Reading a password that macOS refuses prints only that line.
 * - An unknown command prints `unknown command "NAME"` and `NAME: returned 1`.
 *   After every command the session sends the unknown command
 *   `twofold-mark-N`, so each command's stderr lies between two marks.
 * - stdout is a block-buffered pipe, so it cannot be matched to stderr by
 *   timing; instead each successful `find-generic-password -w` prints exactly
 *   one line (the password; as hex when it has a non-printable byte), and a
 *   session never mixes those with other stdout output it needs to read.
 */
export class KeychainStore extends ItemStore {
  readonly spec = "keychain";
  private readonly security: SecurityTool;
  private readonly keychain: string | undefined;

  constructor(environment: Environment, options: KeychainStoreOptions = {}) {
    super();
    this.security = new SecurityTool(
      options.securityPath ?? (environment.env.TWOFOLD_SECURITY_PATH || DEFAULT_SECURITY_PATH),
      environment.env,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    this.keychain = options.keychain ?? (environment.env.TWOFOLD_KEYCHAIN || undefined);
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const writes = checkNewRecords(records).map((record) => {
      const value = encodeValue(record);
      return { id: record.id, value, line: this.addLine(record.id, keychainLabel(record), value, false) };
    });
    if (writes.length === 0) return;
    // One process: every add, then every read-back.
    const { stdout, outcomes } = await this.security.session([
      ...writes.map((write) => write.line),
      ...writes.map((write) => this.findLine(write.id, true)),
    ]);
    const values = outputLines(stdout);
    const added: string[] = [];
    let failure: TwofoldError | undefined;
    let next = 0;
    writes.forEach((write, index) => {
      const stored = outcomeAt(outcomes, index);
      const readBack = outcomeAt(outcomes, writes.length + index);
      // A failed add's read-back may still print the item that was already there.
      const printed = readBack.status === 0 ? decodePrinted(lineAt(values, next++)) : null;
      if (stored.status !== 0) {
        failure ??= this.statusError(stored, write.id);
        return;
      }
      added.push(write.id);
      if (printed !== write.value) failure ??= unconfirmed(write.id, readBack);
    });
    if (failure === undefined) return;
    throw await undoAdds(added, failure, async (ids) => {
      const { outcomes: deleted } = await this.security.session(ids.map((id) => this.deleteLine(id)));
      return ids.filter((_, index) => {
        const status = outcomeAt(deleted, index).status;
        return status !== 0 && keychainFailure(status) !== "notFound";
      });
    });
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    if (!isAccountId(id)) throw notFound(id);
    // The item's attributes (for its label) and its value, in one process.
    const read = await this.security.session([this.findLine(id, false), this.findLine(id, true)]);
    for (const outcome of read.outcomes) if (outcome.status !== 0) throw this.statusError(outcome, id);
    const lines = outputLines(read.stdout);
    const current = this.parseValue(id, lineAt(lines, lines.length - 1));
    const label =
      parseItems(lines.slice(0, -1).join("\n"))[0]?.attributes.get(LABEL_ATTRIBUTE) ?? keychainLabel(current);
    const next = checkChangedRecord(id, change(current));
    const previous = encodeValue(current);
    const value = encodeValue(next);
    if (value !== previous) await this.replace(id, label, value, previous);
    return next;
  }

  async remove(id: string): Promise<void> {
    if (!isAccountId(id)) throw notFound(id);
    // Delete, then confirm it is gone (attributes only: no access dialog).
    const { outcomes } = await this.security.session([this.deleteLine(id), this.findLine(id, false)]);
    const deleted = outcomeAt(outcomes, 0);
    if (deleted.status !== 0) throw this.statusError(deleted, id);
    const check = outcomeAt(outcomes, 1);
    if (check.status === 0) {
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `macOS reported account ${id} deleted, but it is still in the keychain. Try again; if it stays, delete the item "Twofold: …" (service ${KEYCHAIN_SERVICE}) in Keychain Access.`,
      );
    }
    if (keychainFailure(check.status) !== "notFound") throw this.statusError(check, id);
  }

  async close(): Promise<void> {
    // Every call runs its own short-lived `security` process; nothing stays open.
  }

  /**
   * `add-generic-password -U` modifies the item that matches every attribute
   * given — the label included (keychain_add.c do_update_generic_password) —
   * and otherwise adds one. So the label passed is the item's own, read back
   * from it: a new label would miss the item and collide with it instead.
   * `-U` changes the item in place: no moment without the account, unlike
   * delete + add.
   */
  private async replace(id: string, label: string, value: string, previous: string): Promise<void> {
    const write = this.addLine(id, label, value, true);
    const { stdout, outcomes } = await this.security.session([write, this.findLine(id, true)]);
    const stored = outcomeAt(outcomes, 0);
    if (stored.status !== 0) {
      if (keychainFailure(stored.status) !== "duplicate") throw this.statusError(stored, id);
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `macOS would not update the keychain item of account ${id}: it found no item labelled "${label}" to change. Rename the item back in Keychain Access, or remove the account and add it again.`,
      );
    }
    const readBack = outcomeAt(outcomes, 1);
    if (readBack.status === 0 && decodePrinted(lineAt(outputLines(stdout), 0)) === value) return;
    const restored = await this.security
      .session([this.addLine(id, label, previous, true), this.findLine(id, true)])
      .then(
        (again) =>
          again.outcomes.every((outcome) => outcome.status === 0) &&
          decodePrinted(lineAt(outputLines(again.stdout), 0)) === previous,
      )
      // A restore that fails outright is reported below as one Twofold could not confirm.
      .catch(() => false);
    throw new TwofoldError(
      "STORE_UNAVAILABLE",
      `macOS did not store the change to account ${id} as written. ${
        restored
          ? "The account was left as it was; try again."
          : "Twofold could not confirm that the previous version is back; check the account with `twofold list`."
      }`,
    );
  }

  protected async items(ids?: readonly string[]): Promise<StoredItem[]> {
    const wanted = ids === undefined ? await this.storedIds() : [...new Set(ids)].filter(isAccountId);
    if (wanted.length === 0) return [];
    const { stdout, outcomes } = await this.security.session(wanted.map((id) => this.findLine(id, true)));
    const values = outputLines(stdout);
    let next = 0;
    const items: StoredItem[] = [];
    wanted.forEach((id, index) => {
      const outcome = outcomeAt(outcomes, index);
      if (outcome.status !== 0) {
        // Listed by dump-keychain but removed before we read it.
        if (keychainFailure(outcome.status) === "notFound") return;
        throw this.statusError(outcome, id);
      }
      items.push({ key: id, text: decodePrinted(lineAt(values, next)) });
      next += 1;
    });
    return items;
  }

  /** The ids of every Twofold item, from one `dump-keychain` (attributes only, no secrets). */
  private async storedIds(): Promise<string[]> {
    const run = await this.security.command(["dump-keychain", ...(this.keychain === undefined ? [] : [this.keychain])]);
    if (run.code !== 0) throw this.statusError({ status: run.code, detail: securityLines(stripPrompts(run.stderr)) });
    const ids = new Set<string>();
    for (const item of parseItems(stripPrompts(run.stdout))) {
      const account = item.attributes.get('"acct"');
      if (item.itemClass === "genp" && item.attributes.get('"svce"') === KEYCHAIN_SERVICE && isAccountId(account)) {
        ids.add(account);
      }
    }
    return [...ids];
  }

  private parseValue(id: string, line: string): AccountRecord {
    const { read } = readStoredJson(decodePrinted(line), id);
    if (!read.ok) {
      throw new TwofoldError(
        "STORE_CORRUPT",
        `The keychain item of account ${id} (service ${KEYCHAIN_SERVICE}) does not hold a valid Twofold account (${read.reason}). Remove it with \`twofold remove ${id}\` or in Keychain Access, then try again.`,
      );
    }
    return read.record;
  }

  private findLine(id: string, passwordOnly: boolean): string {
    return `find-generic-password -a ${quoteArg(id)} -s ${KEYCHAIN_SERVICE}${passwordOnly ? " -w" : ""}${this.keychainArg()}`;
  }

  private deleteLine(id: string): string {
    return `delete-generic-password -a ${quoteArg(id)} -s ${KEYCHAIN_SERVICE}${this.keychainArg()}`;
  }

  private addLine(id: string, label: string, value: string, update: boolean): string {
    const hex = Buffer.from(value, "utf8").toString("hex");
    const line = `add-generic-password${update ? " -U" : ""} -a ${quoteArg(id)} -s ${KEYCHAIN_SERVICE} -l ${quoteArg(label)} -X ${hex}${this.keychainArg()}`;
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_COMMAND_BYTES) {
      throw new TwofoldError(
        "TOO_LARGE",
        `Account ${id} is too large for the login keychain store: macOS's security tool takes at most ${MAX_COMMAND_BYTES} bytes per command and this account needs ${bytes}. Remove some of its domain bindings, or keep it in another store (--store icloud or file:PATH).`,
      );
    }
    return line;
  }

  private keychainArg(): string {
    return this.keychain === undefined ? "" : ` ${quoteArg(this.keychain)}`;
  }

  private statusError(outcome: Outcome, id?: string): TwofoldError {
    const failure = keychainFailure(outcome.status);
    const shared = sharedKeychainError(failure, id);
    if (shared !== undefined) return shared;
    const account = id === undefined ? "" : ` for account ${id}`;
    switch (failure) {
      case "authFailed":
        return new TwofoldError(
          "ACCESS_DENIED",
          `macOS denied access to the keychain item${account}. When macOS asks, click "Always Allow"; if you clicked "Deny", open Keychain Access, find the item "Twofold: …" (service ${KEYCHAIN_SERVICE}) and allow access under Access Control, then try again.`,
        );
      case "interactionNotAllowed":
        return new TwofoldError(
          "STORE_LOCKED",
          "Your login keychain is locked, and macOS may not ask for its password here (for example over SSH). Unlock it with `security unlock-keychain` or by logging in at the Mac, then try again.",
        );
      case "noSuchKeychain":
        return new TwofoldError(
          "STORE_UNAVAILABLE",
          `macOS cannot find the keychain ${this.keychain ?? "(default)"}. Check TWOFOLD_KEYCHAIN, or unset it to use your login keychain.`,
        );
      default:
        return new TwofoldError(
          "STORE_UNAVAILABLE",
          `macOS's security tool failed${account} (status ${outcome.status})${outcome.detail ? `: ${outcome.detail}` : "."} Try again; if it repeats, check your login keychain in Keychain Access.`,
        );
    }
  }
}

function isAccountId(id: unknown): id is string {
  return AccountId.safeParse(id).success;
}

function unconfirmed(id: string, readBack: Outcome): TwofoldError {
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `macOS did not store account ${id} as written (${readBack.status === 0 ? "reading it back gave something else" : `reading it back failed with status ${readBack.status}`}). Nothing was added; try again.`,
  );
}
