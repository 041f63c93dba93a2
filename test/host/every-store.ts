import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { ICloudStore } from "../../native-host/stores/icloud-store";
import { KEYCHAIN_SERVICE, KeychainStore } from "../../native-host/stores/keychain-store";
import { openStore } from "../../native-host/stores/open-store";
import { DbusClient } from "../../native-host/stores/secret-service/dbus-client";
import { SecretServiceClient } from "../../native-host/stores/secret-service/secret-service-client";
import { ACCOUNT_SCHEMA, SecretServiceStore } from "../../native-host/stores/secret-service-store";
import type { Store } from "../../native-host/stores/store";
import { STORES, type StoreDefinition } from "../../native-host/stores/store-registry";
import { parseStoreSpec } from "../../native-host/stores/store-spec";
import { open as openSealed, parseSealed, seal } from "../../native-host/stores/vault-crypto";
import { describeWithKeyring, keyringEnvironment, TestKeyring } from "./gnome-keyring-fixture";

const SECURITY = fileURLToPath(new URL("../stand-ins/security", import.meta.url));
const ICLOUD_HELPER = fileURLToPath(new URL("../stand-ins/icloud-helper", import.meta.url));

/** One store over an empty backend of its own. */
export interface Backend {
  /**
   * How many random cases a property test can afford against this store: the
   * keychain stand-in starts a process for every operation, the others do not.
   */
  affordableRuns: number;
  open(): Promise<Store>;
  /**
   * Puts `value` into the backend under `id` the way another program, a
   * damaged disk or an older Twofold could — past every check the store
   * makes — so tests can see how the store reads it.
   */
  plant(id: string, value: unknown): Promise<void>;
  cleanup(): Promise<void>;
}

/** Adds `value` to the accounts of the key-file vault at `path` (made if missing), re-sealed with its key. */
export async function plantInVault(path: string, value: unknown): Promise<void> {
  await new FileVaultStore(path).add([]);
  const key = Buffer.from((await readFile(`${path}.key`, "utf8")).trim(), "base64");
  const sealed = parseSealed(await readFile(path, "utf8"), path);
  const content = JSON.parse(openSealed(sealed, key)?.toString("utf8") ?? "null") as { accounts: unknown[] };
  content.accounts.push(value);
  await writeFile(path, JSON.stringify(seal(Buffer.from(JSON.stringify(content)), key, sealed.kdf)));
}

async function fileVault(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), "twofold-every-"));
  const path = join(dir, "vault.json");
  return {
    affordableRuns: 300,
    open: async () => new FileVaultStore(path),
    plant: (_id, value) => plantInVault(path, value),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function keychain(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), "twofold-every-"));
  const environment = {
    platform: "darwin" as const,
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_KEYCHAIN: join(dir, "keychain.json") },
  };
  return {
    affordableRuns: 15,
    open: async () => new KeychainStore(environment, { securityPath: SECURITY }),
    async plant(id, value) {
      const hex = Buffer.from(JSON.stringify(value)).toString("hex");
      const args = ["add-generic-password", "-a", id, "-s", KEYCHAIN_SERVICE, "-l", `Twofold: ${id}`, "-X", hex];
      const run = spawnSync(SECURITY, args, { env: environment.env, encoding: "utf8" });
      if (run.status !== 0) throw new Error(`planting in the keychain stand-in failed: ${run.stderr}`);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function iCloud(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), "twofold-every-"));
  const file = join(dir, "icloud.json");
  const environment = {
    platform: "darwin" as const,
    home: dir,
    env: { PATH: process.env.PATH, TWOFOLD_FAKE_ICLOUD: file },
  };
  return {
    affordableRuns: 100,
    open: async () => new ICloudStore(environment, { helperPath: ICLOUD_HELPER }),
    async plant(id, value) {
      // The stand-in re-reads this file on every request, as the keychain would be re-read.
      const state = JSON.parse(await readFile(file, "utf8").catch(() => '{"items":[]}')) as { items: unknown[] };
      state.items.push({ account: id, label: `Twofold: ${id}`, value: JSON.stringify(value) });
      await writeFile(file, JSON.stringify(state));
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function secretService(): Promise<Backend> {
  const keyring = await TestKeyring.connect();
  const collection = await keyring.createCollection();
  return {
    affordableRuns: 100,
    open: () => SecretServiceStore.open(keyringEnvironment(), { collection }),
    async plant(id, value) {
      const bus = await DbusClient.connect(process.env.DBUS_SESSION_BUS_ADDRESS ?? "", { timeoutMs: 5_000 });
      try {
        const client = new SecretServiceClient(bus);
        const item = {
          label: `Twofold: ${id}`,
          attributes: { "xdg:schema": ACCOUNT_SCHEMA, "twofold-id": id },
          secret: Buffer.from(JSON.stringify(value)),
          contentType: "application/json",
        };
        await client.createItem(collection, item, await client.openPlainSession());
      } finally {
        bus.close();
      }
    },
    async cleanup() {
      try {
        await keyring.deleteCollection(collection);
      } finally {
        keyring.close();
      }
    },
  };
}

/**
 * A store named with a path needs nothing more to be tested: each backend is
 * a fresh path, opened through the registry as `--store KIND:PATH` would be.
 * Only values cannot be planted past its checks; a store whose tests need
 * that gets a backend of its own in {@link TEST_BACKENDS}.
 */
function byPath(store: StoreDefinition, stores: readonly StoreDefinition[]): (() => Promise<Backend>) | undefined {
  if (store.path === undefined) return undefined;
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "twofold-every-"));
    const environment = { platform: process.platform, home: dir, env: { PATH: process.env.PATH } };
    const spec = parseStoreSpec(`${store.kind}:${join(dir, "store")}`, dir, dir, stores);
    return {
      affordableRuns: 100,
      open: () => openStore(spec, environment, stores),
      plant: async () => {
        throw new Error(
          `Give the ${store.kind} store a backend in TEST_BACKENDS (test/host/every-store.ts) to plant values in it.`,
        );
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  };
}

/** How the tests reach each registered store: stand-ins for Apple's tools, a private GNOME Keyring. */
const TEST_BACKENDS: Record<string, { title: string; setup: () => Promise<Backend>; keyring?: boolean }> = {
  file: { title: "file vault", setup: fileVault },
  "secret-service": { title: "secret-service (GNOME Keyring)", setup: secretService, keyring: true },
  keychain: { title: "macOS login keychain (security stand-in)", setup: keychain },
  icloud: { title: "iCloud keychain (helper stand-in)", setup: iCloud },
};

/**
 * Declares `body` once per registered store (`stores`, every store Twofold
 * has unless a test adds one): the file vault, the real GNOME Keyring
 * (inside scripts/with-keyring.sh; skipped, saying so, elsewhere), the macOS
 * keychain and iCloud stores against their stand-ins, and any store named
 * with a path. A store the tests cannot reach fails, rather than going
 * untested.
 */
export function describeEveryStore(
  title: string,
  body: (setup: () => Promise<Backend>) => void,
  stores: readonly StoreDefinition[] = STORES,
): void {
  // The stand-ins start a process per operation, which takes a while on a busy machine.
  const slow = { timeout: 120_000 };
  for (const store of stores) {
    const known = TEST_BACKENDS[store.kind];
    const setup = known?.setup ?? byPath(store, stores);
    const name = `${title}: ${known?.title ?? store.kind}`;
    if (setup === undefined) {
      describe(name, () => {
        it("can be reached by the tests", () => {
          throw new Error(`The ${store.kind} store has no backend in TEST_BACKENDS (test/host/every-store.ts).`);
        });
      });
    } else if (known?.keyring) {
      describeWithKeyring(name, () => body(setup), slow);
    } else {
      describe(name, slow, () => body(setup));
    }
  }
}
