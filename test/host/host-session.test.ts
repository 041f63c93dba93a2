import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { handleRequest } from "../../native-host/host/handle-request";
import { createHostSession } from "../../native-host/host/host-session";
import type { Environment } from "../../native-host/paths";
import { openStore } from "../../native-host/stores/open-store";
import type { Store } from "../../native-host/stores/store";
import type { StoreSpec } from "../../native-host/stores/store-spec";
import { TwofoldError } from "../../src/protocol/twofold-error";

let dir: string;
let environment: Environment;
let spec: StoreSpec;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-session-"));
  environment = { platform: "linux", home: dir, env: {} };
  spec = { kind: "file", path: join(dir, "vault.json") };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createHostSession", () => {
  it("warms up by opening the store and reading it once, in the background", async () => {
    let opens = 0;
    let reads = 0;
    const session = createHostSession({
      environment,
      spec,
      version: "test",
      openStore: async (...args) => {
        opens += 1;
        const store = await openStore(...args);
        const list = store.list.bind(store);
        // Counts the reads of a real file vault.
        const counted = () => {
          reads += 1;
          return list();
        };
        return Object.assign(store, { list: counted }) satisfies Store;
      },
    });
    expect(opens).toBe(0);
    session.warmUp();
    session.warmUp();
    await vi.waitFor(() => expect(reads).toBe(1), { timeout: 15_000 });
    expect(await handleRequest("accounts.list", {}, session)).toEqual({ accounts: [] });
    expect(opens).toBe(1);
    await session.close();
  });

  it("keeps a failed warm-up quiet and lets the request that needs the store say why", async () => {
    const locked = new TwofoldError("STORE_LOCKED", "The keychain is locked. Unlock it, then try again.");
    const session = createHostSession({
      environment,
      spec,
      version: "test",
      openStore: () => Promise.reject(locked),
    });
    session.warmUp();
    await expect(handleRequest("accounts.list", {}, session)).rejects.toBe(locked);
    await session.close();
  });
});
