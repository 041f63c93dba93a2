import { randomBytes } from "node:crypto";
import { link, mkdir, open as openFile, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { type AccountRecord, type AccountSummary, summarize } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Store } from "./store";
import type { StoreProblem } from "./store-registry";
import { alreadyExists, checkChangedRecord, checkNewRecords, notFound } from "./store-writes";
import { type QuarantinedRecord, quarantined, readStoredRecord } from "./stored-record";
import { corrupt, deriveKey, type KdfHeader, newScryptHeader, open, parseSealed, seal } from "./vault-crypto";
import { isCode, withVaultLock } from "./vault-lock";

// Entries are read one by one, so one bad entry is set aside instead of failing the vault.
const VaultContent = z.object({ accounts: z.array(z.unknown()) });

/** An entry that is not a valid account, and the value to write back unchanged. */
interface SetAside {
  report: QuarantinedRecord;
  value: unknown;
}

/** The decrypted vault; `sealing` is absent while the file does not exist. */
interface VaultState {
  stamp: string | null;
  records: AccountRecord[];
  setAside: SetAside[];
  summaries?: AccountSummary[];
  sealing?: { kdf: KdfHeader; key: Buffer };
}

export interface FileVaultOptions {
  /** From `TWOFOLD_PASSPHRASE`; without one the vault uses a key file. */
  passphrase?: string | undefined;
}

/**
 * `file:PATH` — an AES-256-GCM encrypted file. The key comes from scrypt over
 * a passphrase, or from a random key in a mode-0600 file beside the vault
 * (`PATH.key`). Every write takes the lock, re-reads, and replaces the file
 * atomically (temp file, fsync, rename), so neither a crash nor a second host
 * can leave it half-written.
 */
export class FileVaultStore implements Store {
  readonly spec: string;
  readonly keyPath: string;
  private cache: VaultState | null = null;
  private derived = new Map<string, Buffer>();

  constructor(
    readonly path: string,
    private readonly options: FileVaultOptions = {},
  ) {
    this.spec = `file:${path}`;
    this.keyPath = `${path}.key`;
  }

  async list(): Promise<AccountSummary[]> {
    const state = await this.read();
    // Summaries are made once per version of the file: the host pages through 10,000 of them.
    state.summaries ??= state.records.map(summarize);
    return state.summaries;
  }

  async records(ids?: readonly string[]): Promise<AccountRecord[]> {
    const { records } = await this.read();
    if (ids === undefined) return records;
    const wanted = new Set(ids);
    return records.filter((record) => wanted.has(record.id));
  }

  async quarantined(): Promise<QuarantinedRecord[]> {
    return (await this.read()).setAside.map((entry) => entry.report);
  }

  async add(records: readonly AccountRecord[]): Promise<void> {
    const checked = checkNewRecords(records);
    await this.transact((current) => {
      const taken = new Set(current.map((record) => record.id));
      const clash = checked.find((record) => taken.has(record.id));
      if (clash !== undefined) throw alreadyExists(clash.id);
      return [...current, ...checked];
    });
  }

  async update(id: string, change: (current: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    let updated: AccountRecord | undefined;
    await this.transact((current) =>
      current.map((record) => {
        if (record.id !== id) return record;
        updated = checkChangedRecord(id, change(record));
        return updated;
      }),
    );
    if (updated === undefined) throw notFound(id);
    return updated;
  }

  async remove(id: string): Promise<void> {
    await this.transact((current, setAside) => {
      const kept = current.filter((record) => record.id !== id);
      const keptAside = setAside.filter((entry) => entry.report.id !== id);
      if (kept.length === current.length && keptAside.length === setAside.length) throw notFound(id);
      return { records: kept, setAside: keptAside };
    });
  }

  async close(): Promise<void> {
    this.cache = null;
  }

  /** True when the vault file exists. */
  async exists(): Promise<boolean> {
    return (await this.stampOf()) !== null;
  }

  /**
   * Reads, changes and writes the vault under the lock. Set-aside entries are
   * written back exactly as they were read unless `change` drops them.
   */
  private async transact(
    change: (
      records: AccountRecord[],
      setAside: SetAside[],
    ) => AccountRecord[] | { records: AccountRecord[]; setAside: SetAside[] },
  ): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await withVaultLock(this.path, async () => {
      const current = await this.read();
      const changed = change(current.records, current.setAside);
      const next = Array.isArray(changed) ? { records: changed, setAside: current.setAside } : changed;
      const sealing = current.sealing ?? (await this.newKey());
      const accounts = [...next.records, ...next.setAside.map((entry) => entry.value)];
      const sealed = seal(Buffer.from(JSON.stringify({ accounts })), sealing.key, sealing.kdf);
      await removeStaleTemps(this.path);
      await atomicWrite(this.path, `${JSON.stringify(sealed)}\n`);
      this.cache = { stamp: await this.stampOf(), ...next, sealing };
    });
  }

  /** The decrypted vault, re-read only when the file changed on disk. */
  private async read(): Promise<VaultState> {
    const stamp = await this.stampOf();
    if (this.cache !== null && this.cache.stamp === stamp) return this.cache;
    if (stamp === null) return { stamp, records: [], setAside: [] };
    const text = await readFile(this.path, "utf8").catch((error: unknown) => {
      throw fileError(error, this.path);
    });
    const sealed = parseSealed(text, this.path);
    const key = await this.keyFor(sealed.kdf);
    const plaintext = open(sealed, key);
    if (plaintext === null) {
      throw sealed.kdf.name === "scrypt"
        ? new TwofoldError(
            "WRONG_PASSPHRASE",
            `The passphrase in TWOFOLD_PASSPHRASE does not open ${this.path}. Set the passphrase this vault was created with.`,
          )
        : corrupt(this.path, `its key file ${this.keyPath} does not match it, or the file was altered`);
    }
    let content: z.infer<typeof VaultContent>;
    try {
      content = VaultContent.parse(JSON.parse(plaintext.toString("utf8")));
    } catch {
      throw corrupt(this.path, "its decrypted content is not a list of accounts");
    }
    const records: AccountRecord[] = [];
    const setAside: SetAside[] = [];
    for (const value of content.accounts) {
      const read = readStoredRecord(value);
      if (read.ok) records.push(read.record);
      else setAside.push({ report: quarantined(value, read.reason), value });
    }
    this.cache = { stamp, records, setAside, sealing: { kdf: sealed.kdf, key } };
    return this.cache;
  }

  private async keyFor(kdf: KdfHeader): Promise<Buffer> {
    if (kdf.name === "keyfile") return this.readKeyFile();
    const passphrase = this.options.passphrase;
    if (passphrase === undefined || passphrase === "") {
      throw new TwofoldError(
        "STORE_LOCKED",
        `The vault ${this.path} is protected by a passphrase. Set TWOFOLD_PASSPHRASE to it and try again.`,
      );
    }
    const cacheKey = `${kdf.salt}:${kdf.N}:${kdf.r}:${kdf.p}`;
    let key = this.derived.get(cacheKey);
    if (key === undefined) {
      key = await deriveKey(passphrase, kdf);
      this.derived.set(cacheKey, key);
    }
    return key;
  }

  /** The key and header for a vault that does not exist yet. */
  private async newKey(): Promise<{ kdf: KdfHeader; key: Buffer }> {
    if (this.options.passphrase) {
      const kdf = newScryptHeader();
      return { kdf, key: await this.keyFor(kdf) };
    }
    const existing = await this.readKeyFile({ emptyIsMissing: true }).catch((error: unknown) => {
      if (error instanceof TwofoldError && error.code === "STORE_LOCKED") return null;
      throw error;
    });
    if (existing !== null && existing !== "empty") return { kdf: { name: "keyfile" }, key: existing };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // An empty key file and no vault: an earlier Twofold killed between creating
    // the key file and writing it. Nothing was ever sealed with it: replace it.
    if (existing === "empty") await unlink(this.keyPath).catch(() => undefined);
    const key = randomBytes(32);
    const created = await createWhole(this.keyPath, `${key.toString("base64")}\n`);
    return { kdf: { name: "keyfile" }, key: created ? key : await this.readKeyFile() };
  }

  /** The vault's key; with `emptyIsMissing`, "empty" for a key file that holds nothing at all. */
  private async readKeyFile(options: { emptyIsMissing: true }): Promise<Buffer | "empty">;
  private async readKeyFile(): Promise<Buffer>;
  private async readKeyFile(options?: { emptyIsMissing: true }): Promise<Buffer | "empty"> {
    let text: string;
    try {
      text = await readFile(this.keyPath, "utf8");
    } catch (error) {
      if (isCode(error, "ENOENT")) {
        throw new TwofoldError(
          "STORE_LOCKED",
          `The key file ${this.keyPath} of vault ${this.path} is missing. Restore it beside the vault, or set TWOFOLD_PASSPHRASE if the vault uses a passphrase.`,
        );
      }
      throw fileError(error, this.keyPath);
    }
    if (options?.emptyIsMissing && text.trim() === "") return "empty";
    const key = Buffer.from(text.trim(), "base64");
    if (key.length !== 32) throw corrupt(this.path, `its key file ${this.keyPath} does not hold a 256-bit key`);
    return key;
  }

  /** Identifies the file's current version without reading it. */
  private async stampOf(): Promise<string | null> {
    try {
      const info = await stat(this.path);
      return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    } catch (error) {
      if (isCode(error, "ENOENT")) return null;
      throw fileError(error, this.path);
    }
  }
}

/** What doctor finds wrong with the vault at `path`: a key file other users can read. */
export async function keyFileProblems(path: string): Promise<StoreProblem[]> {
  // No key file (a passphrase vault, or none made yet) has no mode to check.
  const key = await stat(`${path}.key`).catch(() => null);
  if (key === null || (key.mode & 0o077) === 0) return [];
  return [
    {
      message: `the key file ${path}.key can be read by other users (mode ${(key.mode & 0o777).toString(8)})`,
      fix: `chmod 600 '${path}.key'`,
    },
  ];
}

/**
 * Deletes temp files that a writer killed mid-write left beside the vault.
 * Called under the lock, when no other writer can have a temp file open.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  // Tidying only: a folder that cannot be listed gets its write error from atomicWrite instead.
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    await unlink(join(dirname(path), name)).catch((error: unknown) => {
      // Another writer's finished rename may have taken it first.
      if (!isCode(error, "ENOENT")) throw fileError(error, join(dirname(path), name));
    });
  }
}

/** Writes `text` to `path` so that readers see the old file or the new, never a mix. */
async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = await syncedTemp(path, text);
  await rename(temp, path);
  await syncFolder(dirname(path));
}

/**
 * Creates `path` holding `text`, whole or not at all — never an empty or
 * half-written file, whenever the process is killed or the power fails —
 * unless `path` already exists: then false, and it is left as it is.
 */
async function createWhole(path: string, text: string): Promise<boolean> {
  const temp = await syncedTemp(path, text);
  try {
    // A hard link appears with its content, and fails rather than replace.
    await link(temp, path);
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw fileError(error, path);
  } finally {
    // Left behind only if killed right here; the next write's tidy-up removes it.
    await unlink(temp).catch(() => undefined);
  }
  await syncFolder(dirname(path));
  return true;
}

/** A new file beside `path` (0600) holding `text`, on disk before this returns; its path. */
async function syncedTemp(path: string, text: string): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await openFile(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    // The write's own error is the one to report; a temp file left behind is removed by the next write.
    await unlink(temp).catch(() => undefined);
    throw fileError(error, temp);
  }
  await handle.close();
  return temp;
}

/** Makes a folder's entries (a rename, a new link) survive a power cut. */
async function syncFolder(path: string): Promise<void> {
  const dir = await openFile(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function fileError(error: unknown, path: string): TwofoldError {
  if (isCode(error, "EACCES") || isCode(error, "EPERM")) {
    return new TwofoldError("ACCESS_DENIED", `Permission denied for ${path}. Check the file's owner and mode.`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TwofoldError("STORE_UNAVAILABLE", `Cannot use ${path}: ${message}`, { cause: error });
}
