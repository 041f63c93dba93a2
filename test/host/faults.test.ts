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
  });

  it("SIGKILL mid-write, 200 times: the vault always opens and keeps every acknowledged account", async () => {
    const acknowledged: string[] = [];
    let n = 0;
    for (let round = 0; round < 200; round++) {
      const host = new HostProcess(spec);
      await host.call("hello", { protocol: 1 });
      // Keep writing; once a write has landed in this round, kill at a varying moment 0–15 ms later,
      // so kills fall inside later writes however slow this machine is today.
      let landed = 0;
      const writer = (async () => {
        for (;;) {
          const label = `k${n}`;
          const reply = await host.request("accounts.add", { uri: uriFor("k", n++) }).catch(() => null);
          if (reply === null) return;
          if (reply.ok) {
            acknowledged.push(label);
            landed += 1;
          }
        }
      })();
      while (landed === 0 && host.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 1));
      await new Promise((resolve) => setTimeout(resolve, (round * 7919) % 16));
      host.child.kill("SIGKILL");
      await host.exited;
      await writer.catch(() => undefined);
      // Written whole or not at all: the file is always a vault that opens.
      const accounts = await new FileVaultStore(path).list().catch((error: unknown) => {
        throw new Error(`round ${round}: ${String(error)}`);
      });
      const labels = new Set(accounts.map((account) => account.label));
      for (const label of acknowledged) expect(labels.has(label), `round ${round} lost ${label}`).toBe(true);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(JSON.parse(await readFile(path, "utf8")).format).toBe("twofold-vault");
    // The next write clears the temp files that killed writers left behind.
    await new FileVaultStore(path).add([]);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  }, 120_000);
});
