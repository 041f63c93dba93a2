import { link, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { TwofoldError } from "../../src/protocol/twofold-error";

const WAIT_LIMIT_MS = 10_000;

/**
 * Runs `work` while holding an exclusive lock file beside the vault, so two
 * hosts (two browsers open at once) never interleave their writes. A lock
 * left by a process that died (SIGKILL mid-write) is detected by its pid
 * and broken.
 */
export async function withVaultLock<T>(vaultPath: string, work: () => Promise<T>): Promise<T> {
  const lockPath = `${vaultPath}.lock`;
  const started = Date.now();
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (!isCode(error, "EEXIST")) throw error;
    }
    if (await breakStaleLock(lockPath)) continue;
    if (Date.now() - started > WAIT_LIMIT_MS) {
      const holder = await readFile(lockPath, "utf8").catch(() => "?");
      throw new TwofoldError(
        "STORE_BUSY",
        `The vault is locked by another Twofold process (pid ${holder.trim()}). Close it or wait, then try again; if no Twofold process is running, delete ${lockPath}.`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

/** Removes the lock if the process named in it no longer exists. */
async function breakStaleLock(lockPath: string): Promise<boolean> {
  const content = await readFile(lockPath, "utf8").catch(() => null);
  if (content === null) return true; // released meanwhile
  const pid = Number.parseInt(content, 10);
  // An empty lock is one whose writer died between create and write.
  if (content !== "" && (!Number.isInteger(pid) || isAlive(pid))) return false;
  if (content === "" && !(await olderThan(lockPath, 1000))) return false;
  // Rename first so that of two processes breaking the same stale lock, only
  // one succeeds and neither deletes a lock the other has just taken.
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return true;
  }
  const moved = await readFile(aside, "utf8").catch(() => null);
  if (moved !== content) {
    // We moved a lock someone took after we looked: give it back, unless a
    // third process already holds the lock (link never overwrites).
    await link(aside, lockPath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isCode(error, "ESRCH");
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info === null || Date.now() - info.mtimeMs > ms;
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
