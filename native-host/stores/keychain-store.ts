import { spawn } from "node:child_process";
import { AccountId, type AccountRecord, type AccountSummary, summarize } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import {
  decodePrinted,
  encodeValue,
  type Finished,
  failureOf,
  keychainLabel,
  LABEL_ATTRIBUTE,
  lineAt,
  MARK,
  MAX_COMMAND_BYTES,
  type Outcome,
  outcomeAt,
  outputLines,
  parseItems,
  parseOutcomes,
  quoteArg,
  securityLines,
  stripPrompts,
} from "./keychain/security-session";
import type { Store } from "./store";
import { checkRecordForWrite, type QuarantinedRecord, quarantined, readStoredJson } from "./stored-record";

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
export class KeychainStore implements Store {
  readonly spec = "keychain";
  private readonly securityPath: string;
  private readonly keychain: string | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly environment: Environment,
    options: KeychainStoreOptions = {},
  ) {
    this.securityPath = options.securityPath ?? (environment.env.TWOFOLD_SECURITY_PATH || DEFAULT_SECURITY_PATH);
    this.keychain = options.keychain ?? (environment.env.TWOFOLD_KEYCHAIN || undefined);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.records()).map(summarize);
  }

  async records(ids?: readonly string[]): Promise<AccountRecord[]> {
    return (await this.read(ids)).records;
  }

  async quarantined(): Promise<QuarantinedRecord[]> {
    return (await this.read()).setAside;
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const writes = records.map((candidate) => {
      const record = checkRecordForWrite(candidate);
      const value = encodeValue(record);
      return { id: record.id, value, line: this.addLine(record.id, keychainLabel(record), value, false) };
    });
    const seen = new Set<string>();
    for (const { id } of writes) {
      if (seen.has(id)) throw alreadyExists(id);
      seen.add(id);
    }
    if (writes.length === 0) return;
    // One process: every add, then every read-back.
    const { stdout, outcomes } = await this.session([
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
    throw await this.undoAdds(added, failure);
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    if (!isAccountId(id)) throw notFound(id);
    // The item's attributes (for its label) and its value, in one process.
    const read = await this.session([this.findLine(id, false), this.findLine(id, true)]);
    for (const outcome of read.outcomes) if (outcome.status !== 0) throw this.statusError(outcome, id);
    const lines = outputLines(read.stdout);
    const current = this.parseValue(id, lineAt(lines, lines.length - 1));
    const label =
      parseItems(lines.slice(0, -1).join("\n"))[0]?.attributes.get(LABEL_ATTRIBUTE) ?? keychainLabel(current);
    const next = checkRecordForWrite(change(current));
    if (next.id !== id) throw new TwofoldError("BAD_REQUEST", `An account's id cannot change (${id} → ${next.id}).`);
    const previous = encodeValue(current);
    const value = encodeValue(next);
    if (value !== previous) await this.replace(id, label, value, previous);
    return next;
  }

  async remove(id: string): Promise<void> {
    if (!isAccountId(id)) throw notFound(id);
    // Delete, then confirm it is gone (attributes only: no access dialog).
    const { outcomes } = await this.session([this.deleteLine(id), this.findLine(id, false)]);
    const deleted = outcomeAt(outcomes, 0);
    if (deleted.status !== 0) throw this.statusError(deleted, id);
    const check = outcomeAt(outcomes, 1);
    if (check.status === 0) {
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `macOS reported account ${id} deleted, but it is still in the keychain. Try again; if it stays, delete the item "Twofold: …" (service ${KEYCHAIN_SERVICE}) in Keychain Access.`,
      );
    }
    if (failureOf(check.status) !== "notFound") throw this.statusError(check, id);
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
    const { stdout, outcomes } = await this.session([write, this.findLine(id, true)]);
    const stored = outcomeAt(outcomes, 0);
    if (stored.status !== 0) {
      if (failureOf(stored.status) !== "duplicate") throw this.statusError(stored, id);
      throw new TwofoldError(
        "STORE_UNAVAILABLE",
        `macOS would not update the keychain item of account ${id}: it found no item labelled "${label}" to change. Rename the item back in Keychain Access, or remove the account and add it again.`,
      );
    }
    const readBack = outcomeAt(outcomes, 1);
    if (readBack.status === 0 && decodePrinted(lineAt(outputLines(stdout), 0)) === value) return;
    const restored = await this.session([this.addLine(id, label, previous, true), this.findLine(id, true)])
      .then(
        (again) =>
          again.outcomes.every((outcome) => outcome.status === 0) &&
          decodePrinted(lineAt(outputLines(again.stdout), 0)) === previous,
      )
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

  /** Deletes what a failed add had already added, so that add is all or nothing. */
  private async undoAdds(added: readonly string[], failure: TwofoldError): Promise<TwofoldError> {
    if (added.length === 0) return failure;
    let left: readonly string[] = added;
    try {
      const { outcomes } = await this.session(added.map((id) => this.deleteLine(id)));
      left = added.filter((_, index) => {
        const status = outcomeAt(outcomes, index).status;
        return status !== 0 && failureOf(status) !== "notFound";
      });
    } catch {
      // `left` still names every account.
    }
    if (left.length === 0) return failure;
    return new TwofoldError(
      failure.code,
      `${failure.message} Twofold could not undo the accounts it had already added (${left.join(", ")}); remove them with \`twofold remove ID\`.`,
      { cause: failure },
    );
  }

  /**
   * The items of `ids` (every Twofold item when omitted) in one `security`
   * process; an item whose value is not a valid account is set aside.
   */
  private async read(ids?: readonly string[]): Promise<{ records: AccountRecord[]; setAside: QuarantinedRecord[] }> {
    const wanted = ids === undefined ? await this.storedIds() : [...new Set(ids)].filter(isAccountId);
    const records: AccountRecord[] = [];
    const setAside: QuarantinedRecord[] = [];
    if (wanted.length === 0) return { records, setAside };
    const { stdout, outcomes } = await this.session(wanted.map((id) => this.findLine(id, true)));
    const values = outputLines(stdout);
    let next = 0;
    wanted.forEach((id, index) => {
      const outcome = outcomeAt(outcomes, index);
      if (outcome.status !== 0) {
        // Listed by dump-keychain but removed before we read it.
        if (failureOf(outcome.status) === "notFound") return;
        throw this.statusError(outcome, id);
      }
      const { read, value } = readStoredJson(decodePrinted(lineAt(values, next)), id);
      next += 1;
      if (read.ok) records.push(read.record);
      else setAside.push(quarantined(value, read.reason, id));
    });
    return { records, setAside };
  }

  /** The ids of every Twofold item, from one `dump-keychain` (attributes only, no secrets). */
  private async storedIds(): Promise<string[]> {
    const run = await this.run(["dump-keychain", ...(this.keychain === undefined ? [] : [this.keychain])]);
    if (run.code !== 0) {
      if (run.code === null) throw stopped(run);
      throw this.statusError({ status: run.code, detail: securityLines(stripPrompts(run.stderr)) });
    }
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

  /** Runs `commands` in one `security -i` and tells how each ended. */
  private async session(commands: readonly string[]): Promise<{ stdout: string; outcomes: Outcome[] }> {
    const input = commands.map((command, index) => `${command}\n${MARK}${index}\n`).join("");
    const run = await this.run(["-i"], input);
    const outcomes = parseOutcomes(run.stderr, commands.length);
    if (outcomes === null) throw stopped(run);
    return { stdout: run.stdout, outcomes };
  }

  private run(args: readonly string[], input = ""): Promise<Finished> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.securityPath, args, { stdio: ["pipe", "pipe", "pipe"], env: this.environment.env });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        child.kill("SIGKILL");
        reject(
          new TwofoldError(
            "STORE_UNAVAILABLE",
            `macOS's security tool did not finish within ${Math.round(this.timeoutMs / 1000)} s; a keychain dialog may be waiting for an answer. Answer it (or unlock your keychain) and try again.`,
          ),
        );
      }, this.timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(this.spawnError(error));
      });
      child.on("close", (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // latin1 keeps every byte; what security prints is ASCII or escaped.
        resolve({
          stdout: Buffer.concat(stdout).toString("latin1"),
          stderr: Buffer.concat(stderr).toString("latin1"),
          code,
          signal,
        });
      });
      // EPIPE when security exits before reading everything; "close" reports it.
      child.stdin.on("error", () => undefined);
      child.stdin.end(input);
    });
  }

  private spawnError(error: Error): TwofoldError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The keychain store needs macOS's /usr/bin/security, and ${this.securityPath} does not exist here. On Linux use --store secret-service or --store file:PATH.`,
        { cause: error },
      );
    }
    return new TwofoldError("STORE_UNAVAILABLE", `Cannot run ${this.securityPath}: ${error.message}`, { cause: error });
  }

  private statusError(outcome: Outcome, id?: string): TwofoldError {
    const account = id === undefined ? "" : ` for account ${id}`;
    switch (failureOf(outcome.status)) {
      case "notFound":
        return id === undefined
          ? new TwofoldError("NOT_FOUND", "macOS could not find the keychain item.")
          : notFound(id);
      case "duplicate":
        return alreadyExists(id ?? "?");
      case "denied":
        return new TwofoldError(
          "ACCESS_DENIED",
          `macOS denied access to the keychain item${account}. When macOS asks, click "Always Allow"; if you clicked "Deny", open Keychain Access, find the item "Twofold: …" (service ${KEYCHAIN_SERVICE}) and allow access under Access Control, then try again.`,
        );
      case "locked":
        return new TwofoldError(
          "STORE_LOCKED",
          "Your login keychain is locked, and macOS may not ask for its password here (for example over SSH). Unlock it with `security unlock-keychain` or by logging in at the Mac, then try again.",
        );
      case "cancelled":
        return new TwofoldError(
          "USER_CANCELLED",
          `The keychain request${account} was cancelled in the macOS dialog. Try again and allow access when macOS asks.`,
        );
      case "noKeychain":
        return new TwofoldError(
          "STORE_UNAVAILABLE",
          `macOS cannot find the keychain ${this.keychain ?? "(default)"}. Check TWOFOLD_KEYCHAIN, or unset it to use your login keychain.`,
        );
      case undefined:
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

function stopped(run: Finished): TwofoldError {
  const how = run.signal === null ? `exit status ${run.code}` : `signal ${run.signal}`;
  const said = securityLines(stripPrompts(run.stderr)) || run.stderr.trim().split("\n").at(-1) || "";
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `macOS's security tool stopped before finishing (${how})${said ? `: ${said}` : "."} Try again; if it repeats, check your login keychain in Keychain Access.`,
  );
}

function unconfirmed(id: string, readBack: Outcome): TwofoldError {
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `macOS did not store account ${id} as written (${readBack.status === 0 ? "reading it back gave something else" : `reading it back failed with status ${readBack.status}`}). Nothing was added; try again.`,
  );
}

function notFound(id: string): TwofoldError {
  return new TwofoldError("NOT_FOUND", `No account has id ${id}; it may have been removed meanwhile.`);
}

function alreadyExists(id: string): TwofoldError {
  return new TwofoldError("ALREADY_EXISTS", `An account with id ${id} already exists.`);
}
