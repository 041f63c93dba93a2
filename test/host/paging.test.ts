import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { MAX_REPLY_BYTES } from "../../src/protocol/version";
import { HostProcess } from "../support/host-process";
import { sampleRecord } from "./store-contract";

let dir: string;
let host: HostProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-paging-"));
  const path = join(dir, "vault.json");
  // Long names and many bindings make the replies as large as they get.
  const records = Array.from({ length: 10_000 }, (_, n) =>
    sampleRecord({
      issuer: `Issuer ${n} ${"é".repeat(60)}`,
      label: `user${n}@${"x".repeat(80)}.example`,
      domains: Array.from({ length: 5 }, (_, d) => ({
        host: `site${d}.service${n}.example`,
        source: "import" as const,
      })),
    }),
  );
  await new FileVaultStore(path).add(records);
  host = new HostProcess(`file:${path}`);
}, 180_000);
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** Reads every page of a paged method, checking each frame's size on the wire. */
async function allPages(method: string, key: string): Promise<{ items: number; pages: number }> {
  let cursor: string | undefined;
  let items = 0;
  let pages = 0;
  do {
    const before = Buffer.concat(host.stdout).length;
    const reply = await host.call<Record<string, unknown> & { cursor?: string }>(method, cursor ? { cursor } : {});
    const frameBytes = Buffer.concat(host.stdout).length - before;
    expect(frameBytes).toBeLessThan(MAX_REPLY_BYTES);
    items += (reply[key] as unknown[]).length;
    cursor = reply.cursor;
    pages += 1;
  } while (cursor !== undefined);
  return { items, pages };
}

describe("replies over 1 MiB are impossible", () => {
  it.each([
    ["accounts.list", "accounts"],
    ["codes.get", "codes"],
  ])(
    "%s pages 10,000 large accounts into frames under 1 MiB",
    async (method, key) => {
      const { items, pages } = await allPages(method, key);
      expect(items).toBe(10_000);
      expect(pages).toBeGreaterThan(1);
    },
    60_000,
  );
});
