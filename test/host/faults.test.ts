import { type FSWatcher, watch } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { HostProcess } from "../support/host-process";

let dir: string;
let spec: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-faults-"));
  path = join(dir, "vault.json");
  spec = `file:${path}`;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** A distinct valid secret for each number. */
const secretFor = (n: number) => `JBSWY3DP${Array.from({ length: 8 }, (_, i) => BASE32[(n >> (i * 5)) & 31]).join("")}`;
const uriFor = (tag: string, n: number) => `otpauth://totp/Load:${tag}${n}?secret=${secretFor(n)}&issuer=Load`;

/** The steps of one vault write, as another process sees them happen in the vault's folder. */
type WriteStep = "lock" | "temp" | "replace" | "reply";

/**
 * Calls `onStep` for each step of the writes that host `pid` makes: its pid
 * written into the lock file, its temp file created, the vault renamed into
 * place. Steps are seen through the file system, so a kill lands on a state
 * of the write rather than on a guess about how long a write takes.
 */
function watchWrites(folder: string, pid: () => number | undefined, onStep: (step: WriteStep) => void): FSWatcher {
  const temps = new Set<string>();
  return watch(folder, (event, name) => {
    if (name === "vault.json.lock" && event === "change") onStep("lock");
    else if (name === "vault.json") onStep("replace");
    else if (name?.startsWith(`.vault.json.${pid()}.`) && name.endsWith(".tmp") && !temps.has(name)) {
      // The first event of a temp name is its creation; later ones are its rename or removal.
      temps.add(name);
      onStep("temp");
    }
  });
}

/** Kill points: the step to kill on, in words for the test's name. Each is hit 1st, 2nd or 3rd time in turn. */
const KILL_POINTS: [string, WriteStep][] = [
  ["as it takes the lock", "lock"],
  ["as its temp file appears", "temp"],
  ["as the new vault is renamed into place", "replace"],
  ["as a write is acknowledged, with the next one already sent", "reply"],
];
const ROUNDS = 6;
/** Far more writes than any kill point needs; reaching it means the step never happened. */
const WRITES_PER_ROUND = 40;

describe("faults", () => {
  it("two hosts (two browsers) adding at the same time lose nothing", async () => {
    const hosts = [new HostProcess(spec), new HostProcess(spec)];
    try {
      await Promise.all(
        hosts.map(async (host, which) => {
          for (let n = 0; n < 40; n++) await host.call("accounts.add", { uri: uriFor(`h${which}-`, which * 1000 + n) });
        }),
      );
      const labels = (await new FileVaultStore(path).list()).map((account) => account.label);
      expect(labels).toHaveLength(80);
      expect(new Set(labels).size).toBe(80);
    } finally {
      await Promise.all(hosts.map((host) => host.close()));
    }
    // 80 fsynced writes taking turns at one lock: slow on a busy machine, but bounded work.
  }, 180_000);

  it("a request to a host killed while it is being written rejects, and nothing is thrown at the run", async () => {
    const host = new HostProcess(spec);
    await host.call("hello", { protocol: 1 });
    // Stopped, the host reads nothing, so a request larger than the pipe is still being written when it dies.
    host.child.kill("SIGSTOP");
    const request = host.request("accounts.add", { uri: uriFor("big", 1), padding: "x".repeat(1 << 20) });
    const stdinClosed = new Promise((resolve) => host.child.stdin.once("close", resolve));
    host.child.kill("SIGKILL");
    await expect(request).rejects.toThrow(/the host exited \(null\) by SIGKILL/);
    // The broken pipe has been reported (and handled) by the time the stream closes.
    await stdinClosed;
  });

  it.each(KILL_POINTS)(
    `SIGKILL ${ROUNDS} times %s: the vault always opens and keeps every acknowledged account`,
    async (_name, killOn) => {
      const acknowledged: string[] = [];
      let n = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const host = new HostProcess(spec);
        const killAt = 1 + (round % 3);
        let seen = 0;
        let failure: string | null = null;
        const step = (happened: WriteStep) => {
          if (happened === killOn && ++seen === killAt) host.child.kill("SIGKILL");
        };
        const watcher = watchWrites(dir, () => host.child.pid, step);
        try {
          // Two writers keep a request queued behind the one being written, so the host is never idle.
          const first = n;
          const writer = async () => {
            for (;;) {
              if (n - first >= WRITES_PER_ROUND) {
                // Bounded by count: a step that never shows would otherwise keep this round writing forever.
                failure ??= `round ${round}: ${WRITES_PER_ROUND} writes and no "${killOn}" step seen`;
                host.child.kill("SIGKILL");
                return;
              }
              const label = `k${n}`;
              const reply = await host.request("accounts.add", { uri: uriFor("k", n++) }).catch(() => null);
              if (reply === null) return;
              if (!reply.ok) {
                // Stop the round rather than write forever with nothing to kill on.
                failure ??= `round ${round}: ${reply.error?.code} ${reply.error?.message}`;
                host.child.kill("SIGKILL");
                return;
              }
              acknowledged.push(label);
              step("reply");
            }
          };
          await Promise.all([writer(), writer()]);
          await host.exited;
        } finally {
          watcher.close();
        }
        expect(failure).toBeNull();
        expect(host.child.signalCode, `round ${round}: the host was not killed; stderr: ${host.stderr}`).toBe(
          "SIGKILL",
        );
        // Written whole or not at all: the file is always a vault that opens.
        const accounts = await new FileVaultStore(path).list().catch((error: unknown) => {
          throw new Error(`round ${round}: ${String(error)}`);
        });
        const labels = new Set(accounts.map((account) => account.label));
        for (const label of acknowledged) expect(labels.has(label), `round ${round} lost ${label}`).toBe(true);
      }
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(JSON.parse(await readFile(path, "utf8")).format).toBe("twofold-vault");
      // The next write clears the temp files that killed writers left behind.
      await new FileVaultStore(path).add([]);
      expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    },
    // A backstop, not a wait: each round spawns a host, which took up to 3 s under stress-ng on two cores.
    120_000,
  );
});
