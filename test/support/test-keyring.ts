import { randomBytes } from "node:crypto";
import dbus from "dbus-next";
import { z } from "zod";
import { DbusClient } from "../../native-host/stores/secret-service/dbus-client";
import {
  NO_OBJECT,
  SECRETS_BUS_NAME,
  SERVICE_PATH,
  SecretServiceClient,
} from "../../native-host/stores/secret-service/secret-service-client";
import { ACCOUNT_SCHEMA } from "../../native-host/stores/secret-service-store";

const RUN_HINT = "run it inside scripts/with-keyring.sh";

const GUILT_RIDDEN = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface";
const COLLECTION_PASSWORD = "twofold-test-collection";

/**
 * Test-only keyring control over its own D-Bus connection. Creating and
 * unlocking collections uses gnome-keyring's private "guilt-ridden"
 * interface, which takes the password over D-Bus instead of showing a prompt
 * (there is no prompter in a headless session).
 */
export class TestKeyring {
  private constructor(
    private readonly bus: DbusClient,
    private readonly client: SecretServiceClient,
    private readonly session: string,
  ) {}

  static async connect(): Promise<TestKeyring> {
    const address = process.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) throw new Error(`no DBUS_SESSION_BUS_ADDRESS; ${RUN_HINT}`);
    const bus = await DbusClient.connect(address, { timeoutMs: 5_000 });
    const client = new SecretServiceClient(bus);
    return new TestKeyring(bus, client, await client.openPlainSession());
  }

  /** A new, empty, unlocked collection. */
  async createCollection(): Promise<string> {
    const label = `twofold-test-${randomBytes(6).toString("hex")}`;
    const [path] = await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: SERVICE_PATH,
        interface: GUILT_RIDDEN,
        member: "CreateWithMasterPassword",
        signature: "a{sv}(oayays)",
        body: [{ "org.freedesktop.Secret.Collection.Label": new dbus.Variant("s", label) }, this.password()],
      },
      z.tuple([z.string()]),
    );
    return path;
  }

  async deleteCollection(collection: string): Promise<void> {
    const [prompt] = await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: collection,
        interface: "org.freedesktop.Secret.Collection",
        member: "Delete",
      },
      z.tuple([z.string()]),
    );
    if (prompt !== NO_OBJECT) throw new Error(`deleting ${collection} wants a prompt`);
  }

  /** Locks like the screen locker does: Service.Lock needs no prompt. */
  async lock(collection: string): Promise<void> {
    await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: SERVICE_PATH,
        interface: "org.freedesktop.Secret.Service",
        member: "Lock",
        signature: "ao",
        body: [[collection]],
      },
      z.tuple([z.array(z.string()), z.string()]),
    );
  }

  /** Unlocks a collection made by {@link createCollection}, without a prompt. */
  async unlock(collection: string): Promise<void> {
    await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: SERVICE_PATH,
        interface: GUILT_RIDDEN,
        member: "UnlockWithMasterPassword",
        signature: "o(oayays)",
        body: [collection, this.password()],
      },
      z.tuple([]),
    );
  }

  /** Points `alias` at `collection`; {@link NO_OBJECT} removes the alias. */
  async setAlias(alias: string, collection: string): Promise<void> {
    await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: SERVICE_PATH,
        interface: "org.freedesktop.Secret.Service",
        member: "SetAlias",
        signature: "so",
        body: [alias, collection],
      },
      z.tuple([]),
    );
  }

  isLocked(collection: string): Promise<boolean> {
    return this.client.isLocked(collection);
  }

  async defaultCollection(): Promise<string> {
    const path = await this.client.readAlias("default");
    if (path === null) throw new Error("the test keyring has no default collection");
    return path;
  }

  /** Deletes every Twofold item in `collection`, whoever wrote it. */
  async deleteAccounts(collection: string): Promise<void> {
    const { unlocked } = await this.client.searchItems({ "xdg:schema": ACCOUNT_SCHEMA });
    for (const item of unlocked.filter((path) => path.startsWith(`${collection}/`))) {
      await this.client.deleteItem(item);
    }
  }

  close(): void {
    this.bus.close();
  }

  private password(): [string, Buffer, Buffer, string] {
    return [this.session, Buffer.alloc(0), Buffer.from(COLLECTION_PASSWORD), "text/plain"];
  }
}
