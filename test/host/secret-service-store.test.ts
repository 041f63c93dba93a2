import dbus from "dbus-next";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Environment } from "../../native-host/paths";
import {
  ACCOUNT_SCHEMA,
  type SecretServiceOptions,
  SecretServiceStore,
} from "../../native-host/stores/secret-service-store";
import type { Store } from "../../native-host/stores/store";
import type { AccountRecord } from "../../src/otp/account";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import {
  describeWithKeyring,
  keyringEnvironment,
  secretTool,
  startPrivateBus,
  TestKeyring,
} from "./gnome-keyring-fixture";
import { sampleRecord } from "./store-contract";

const LOCKED_MESSAGE =
  "Your login keyring is locked. Unlock it (log in to your desktop session, or open Passwords and Keys / Seahorse and unlock 'Login'), then try again.";

function environmentWith(env: NodeJS.ProcessEnv): Environment {
  return { platform: "linux", home: "/home/nobody", env };
}

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

function byId(records: readonly AccountRecord[]): AccountRecord[] {
  return [...records].sort((a, b) => a.id.localeCompare(b.id));
}

describe("secret-service store without a usable session bus", () => {
  it.each([
    ["no DBUS_SESSION_BUS_ADDRESS", {}, "DBUS_SESSION_BUS_ADDRESS is not set"],
    ["a bus socket that does not exist", { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/twofold-bus" }, "ENOENT"],
    ["an address dbus-next cannot parse", { DBUS_SESSION_BUS_ADDRESS: "nonsense" }, "cannot use the bus address"],
  ])("%s → STORE_UNAVAILABLE", async (_case, env, detail) => {
    const error = await failure(SecretServiceStore.open(environmentWith(env), { timeoutMs: 2_000 }));
    expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
    expect(String((error as Error).message)).toContain(detail);
  });

  it("tells a headless user what to do instead", async () => {
    const error = await failure(SecretServiceStore.open(environmentWith({})));
    expect((error as Error).message).toBe(
      "No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): the secret-service store needs a desktop session with GNOME Keyring or KWallet; use --store file:PATH on a headless machine.",
    );
  });
});

describeWithKeyring("secret-service store against GNOME Keyring", () => {
  let keyring: TestKeyring;
  const open = (options: SecretServiceOptions = {}) => SecretServiceStore.open(keyringEnvironment(), options);

  beforeAll(async () => {
    keyring = await TestKeyring.connect();
  });
  afterAll(() => keyring.close());

  describe("when the collection is locked", () => {
    let collection: string;
    let store: Store;
    let kept: AccountRecord[];

    beforeAll(async () => {
      collection = await keyring.createCollection();
      store = await open({ collection });
      await store.add([sampleRecord(), sampleRecord({ pinned: true })]);
      kept = byId(await store.records());
    });
    afterAll(async () => {
      await store.close();
      await keyring.unlock(collection);
      await keyring.deleteCollection(collection);
    });

    const operations: [string, (store: Store, id: string) => Promise<unknown>][] = [
      ["list", (store) => store.list()],
      ["records", (store) => store.records()],
      ["add", (store) => store.add([sampleRecord()])],
      ["update", (store, id) => store.update(id, (record) => ({ ...record, pinned: !record.pinned }))],
      ["update of an unknown id", (store) => store.update("nosuchid", (record) => record)],
      ["remove", (store, id) => store.remove(id)],
      ["remove of an unknown id", (store) => store.remove("nosuchid")],
    ];

    it.each(operations)("%s says STORE_LOCKED with the unlock hint and writes nothing", async (_name, run) => {
      const id = kept[0]?.id ?? "";
      await keyring.lock(collection);
      let error: unknown;
      try {
        expect(await keyring.isLocked(collection)).toBe(true);
        error = await failure(run(store, id));
      } finally {
        await keyring.unlock(collection);
      }
      expect(isTwofoldError(error, "STORE_LOCKED")).toBe(true);
      expect((error as Error).message).toBe(LOCKED_MESSAGE);
      expect(byId(await store.records())).toEqual(kept);
    });

    it("an empty locked collection is locked, not empty", async () => {
      const empty = await keyring.createCollection();
      const other = await open({ collection: empty });
      try {
        await keyring.lock(empty);
        expect(isTwofoldError(await failure(other.list()), "STORE_LOCKED")).toBe(true);
      } finally {
        await other.close();
        await keyring.unlock(empty);
        await keyring.deleteCollection(empty);
      }
    });
  });

  describe("in a collection of its own", () => {
    let collection: string;
    beforeEach(async () => {
      collection = await keyring.createCollection();
    });
    afterEach(() => keyring.deleteCollection(collection));

    it("lists 300 accounts in as many D-Bus round trips as 1", async () => {
      const calls: string[] = [];
      const store = await open({ collection, onCall: (call) => calls.push(call.member) });
      const count = async (run: () => Promise<unknown>) => {
        calls.length = 0;
        await run();
        return [...calls];
      };
      try {
        expect(await count(() => store.list())).toEqual(["SearchItems", "Get"]);
        await store.add([sampleRecord()]);
        const one = await count(() => store.list());
        expect(one).toEqual(["SearchItems", "GetSecrets"]);
        await store.add(Array.from({ length: 299 }, () => sampleRecord()));
        expect(await count(() => store.list())).toEqual(one);
        expect(await count(() => store.records())).toEqual(one);
        expect((await store.list()).length).toBe(300);
      } finally {
        await store.close();
      }
    });

    it("takes back what it created when adding fails midway", async () => {
      let creates = 0;
      const store = await open({
        collection,
        onCall: (call) => {
          // Fault injection: the fifth CreateItem fails as a dropped call would.
          if (call.member === "CreateItem" && ++creates === 5) throw new Error("injected failure");
        },
      });
      const reader = await open({ collection });
      try {
        const error = await failure(store.add(Array.from({ length: 10 }, () => sampleRecord())));
        expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
        expect(creates).toBeGreaterThanOrEqual(5);
        expect(await reader.records()).toEqual([]);
      } finally {
        await store.close();
        await reader.close();
      }
    });

    it("fails fast after close() instead of hanging", async () => {
      const store = await open({ collection });
      await store.close();
      expect(isTwofoldError(await failure(store.list()), "STORE_UNAVAILABLE")).toBe(true);
    });
  });

  describe("in the default collection", () => {
    let login: string;
    beforeAll(async () => {
      login = await keyring.defaultCollection();
    });
    beforeEach(() => keyring.deleteAccounts(login));
    afterEach(() => keyring.deleteAccounts(login));

    it("writes items secret-tool can read back, label included", async () => {
      const store = await open();
      try {
        expect(store.collection).toBe(login);
        const record = sampleRecord({ pinned: true, domains: [{ host: "login.acme.example", source: "user" }] });
        await store.add([record]);
        const lookup = () => secretTool(["lookup", "xdg:schema", ACCOUNT_SCHEMA, "twofold-id", record.id]);
        const first = await lookup();
        expect(first.code).toBe(0);
        expect(JSON.parse(first.stdout)).toEqual(record);

        await store.update(record.id, (current) => ({ ...current, issuer: "Renamed" }));
        expect(JSON.parse((await lookup()).stdout)).toEqual({ ...record, issuer: "Renamed" });
        const search = await secretTool(["search", "--all", "xdg:schema", ACCOUNT_SCHEMA, "twofold-id", record.id]);
        expect(search.stdout + search.stderr).toContain(`label = Twofold: Renamed (${record.label})`);

        await store.remove(record.id);
        expect((await lookup()).stdout).toBe("");
      } finally {
        await store.close();
      }
    });

    it("skips items that are not Twofold accounts, keeps them, and still lists the rest", async () => {
      const junk: [string, string][] = [
        ["junk1", "not json {"],
        ["junk2", JSON.stringify({ id: "junk2", secret: "JBSWY3DPEHPK3PXP" })],
      ];
      for (const [id, value] of junk) {
        const stored = await secretTool(
          ["store", `--label=Twofold: ${id}`, "xdg:schema", ACCOUNT_SCHEMA, "twofold-id", id],
          value,
        );
        expect(stored.code).toBe(0);
      }
      const good = sampleRecord();
      const store = await open();
      try {
        await store.add([good]);
        expect((await store.list()).map((account) => account.id)).toEqual([good.id]);
        expect(await store.records()).toEqual([good]);
        expect(store.skipped.map((skipped) => skipped.reason).sort()).toEqual([
          expect.stringContaining("its issuer is not valid"),
          "its value is not JSON",
        ]);
        expect((await store.quarantined()).map((entry) => entry.id).sort()).toEqual(["junk1", "junk2"]);
        const kept = await secretTool(["lookup", "xdg:schema", ACCOUNT_SCHEMA, "twofold-id", "junk1"]);
        expect(kept.stdout.trim()).toBe("not json {");

        expect(isTwofoldError(await failure(store.update("junk1", (record) => record)), "STORE_CORRUPT")).toBe(true);
        await store.remove("junk1");
        expect((await secretTool(["lookup", "xdg:schema", ACCOUNT_SCHEMA, "twofold-id", "junk1"])).stdout).toBe("");
      } finally {
        await store.close();
      }
    });

    it("uses the login collection when the default alias is missing", async () => {
      await keyring.setAlias("default", "/");
      try {
        const store = await open();
        expect(store.collection).toBe(login);
        await store.close();
      } finally {
        await keyring.setAlias("default", login);
      }
    });
  });

  describe("on a session bus without GNOME Keyring", () => {
    let bus: Awaited<ReturnType<typeof startPrivateBus>>;
    beforeAll(async () => {
      bus = await startPrivateBus();
    });
    afterAll(() => bus.stop());

    it("says no Secret Service is running and what to install", async () => {
      const error = await failure(SecretServiceStore.open(environmentWith({ DBUS_SESSION_BUS_ADDRESS: bus.address })));
      expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect((error as Error).message).toMatch(/org\.freedesktop\.secrets.*apt install gnome-keyring/);
    });

    it("gives up on a Secret Service that never answers instead of hanging", async () => {
      const silent = dbus.sessionBus({ busAddress: bus.address });
      try {
        await silent.requestName("org.freedesktop.secrets", 0);
        silent.addMethodHandler(() => true); // swallow every call, never reply
        const error = await failure(
          SecretServiceStore.open(environmentWith({ DBUS_SESSION_BUS_ADDRESS: bus.address }), { timeoutMs: 300 }),
        );
        expect(isTwofoldError(error, "STORE_UNAVAILABLE")).toBe(true);
        expect((error as Error).message).toContain("did not answer in time");
      } finally {
        silent.disconnect();
      }
    });
  });
});
