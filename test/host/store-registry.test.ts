import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountService } from "../../native-host/accounts/account-service";
import { checkAvailableStores } from "../../native-host/doctor/check-available-stores";
import { runDoctor } from "../../native-host/doctor/run-doctor";
import type { Environment } from "../../native-host/paths";
import { openStore } from "../../native-host/stores/open-store";
import { STORES } from "../../native-host/stores/store-registry";
import { defaultStoreSpec, parseStoreSpec, storeUsages } from "../../native-host/stores/store-spec";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { MemoryStore, memoryStore } from "../support/memory-store";
import { describeEveryStore } from "./every-store";
import { describeStoreContract, sampleRecord } from "./store-contract";

// A store is one file (test/support/memory-store.ts) and one registry entry:
// this line is all that registers it.
const stores = [...STORES, memoryStore];

describe("a store added to the registry", () => {
  let home: string;
  let environment: Environment;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "twofold-registry-"));
    environment = { platform: "linux", home, env: {} };
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it("is named by --store with its prefix, a path resolved like the others", () => {
    expect(parseStoreSpec("memory:~/work", "/here", "/home/ada", stores)).toEqual({
      kind: "memory",
      path: "/home/ada/work",
    });
    expect(storeUsages(stores)).toContain("memory:PATH");
  });

  it("is unknown until it is registered", () => {
    let caught: unknown;
    try {
      parseStoreSpec("memory:/x", "/here", "/home/ada");
    } catch (error) {
      caught = error;
    }
    expect(isTwofoldError(caught, "BAD_REQUEST")).toBe(true);
    expect((caught as Error).message).toBe(
      'Unknown store "memory:/x". Use one of: keychain, icloud, secret-service, file:PATH.',
    );
  });

  it("says what its path is when the spec has none", () => {
    expect(() => parseStoreSpec("memory:", "/here", "/home/ada", stores)).toThrow(
      "--store memory: needs a path, e.g. memory:~/accounts.",
    );
  });

  it("is opened by its spec, and two handles on one path share its accounts", async () => {
    const spec = parseStoreSpec(`memory:${join(home, "opened")}`, home, home, stores);
    const first = await openStore(spec, environment, stores);
    const second = await openStore(spec, environment, stores);
    expect(first).toBeInstanceOf(MemoryStore);
    expect(first.spec).toBe(`memory:${join(home, "opened")}`);
    const record = sampleRecord();
    await first.add([record]);
    expect(await second.records()).toEqual([record]);
  });

  it("does not become the default, which stays with the stores before it", () => {
    expect(defaultStoreSpec(environment, stores)).toEqual({ kind: "file", path: expect.any(String) });
  });

  it("appears in doctor, in use and as one of the stores available", async () => {
    const spec = parseStoreSpec(`memory:${join(home, "doctor")}`, home, home, stores);
    const opened = await openStore(spec, environment, stores);
    await opened.add([sampleRecord()]);
    const inUse = await runDoctor({
      environment,
      spec,
      accounts: async () => new AccountService(await openStore(spec, environment, stores)),
      stores,
      fromHost: true,
    });
    expect(inUse).toContainEqual({
      level: "ok",
      subject: `store memory:${join(home, "doctor")}`,
      message: "1 account",
    });
    const otherwise = await checkAvailableStores(environment, { kind: "file", path: join(home, "vault.json") }, stores);
    expect(otherwise).toContainEqual({
      level: "info",
      subject: "available store memory",
      message: "named with a path: --store memory:PATH",
    });
  });
});

// The same harness that runs the contract on every built-in store reaches this one from its entry alone.
describeEveryStore("store contract, registered in a test", (setup) => describeStoreContract(setup), [memoryStore]);
