import dbus from "dbus-next";
import { z } from "zod";
import { DbusCallError, type DbusClient, LocalError } from "./dbus-client";

/**
 * The typed subset of the freedesktop Secret Service API Twofold uses
 * (https://specifications.freedesktop.org/secret-service-spec/latest/).
 * GNOME Keyring and KWallet both implement it.
 */

/** The Secret Service's well-known bus name. */
export const SECRETS_BUS_NAME = "org.freedesktop.secrets";
export const SERVICE_PATH = "/org/freedesktop/secrets";
/** Where the spec puts collection aliases, e.g. `…/aliases/default`. */
export const ALIAS_PATH_PREFIX = "/org/freedesktop/secrets/aliases/";
/** The object path meaning "none" (no alias, no prompt needed). */
export const NO_OBJECT = "/";

const SERVICE = "org.freedesktop.Secret.Service";
const COLLECTION = "org.freedesktop.Secret.Collection";
const ITEM = "org.freedesktop.Secret.Item";
const SESSION = "org.freedesktop.Secret.Session";
const PROMPT = "org.freedesktop.Secret.Prompt";
const PROPERTIES = "org.freedesktop.DBus.Properties";

export type ObjectPath = string;
export type Attributes = Record<string, string>;

/** A secret value as it crosses the bus: `(oayays)` = session, parameters, value, content type. */
const SecretStruct = z.tuple([z.string(), z.instanceof(Buffer), z.instanceof(Buffer), z.string()]);
const ObjectPathReply = z.tuple([z.string()]);
const PathAndPrompt = z.tuple([z.string(), z.string()]);
const NoReply = z.tuple([]);
const PropertyReply = z.tuple([z.instanceof(dbus.Variant)]);
/** `(v output, o session)`: the plain algorithm's output is an empty string. */
const SessionReply = z.tuple([z.instanceof(dbus.Variant), z.string()]);

/** A new item: its label, lookup attributes and secret. */
export interface NewItem {
  label: string;
  attributes: Attributes;
  secret: Buffer;
  contentType: string;
}

/** Typed Secret Service calls over one {@link DbusClient}. Each method is one round trip. */
export class SecretServiceClient {
  constructor(private readonly bus: DbusClient) {}

  /**
   * Opens a session with the `plain` algorithm: secrets cross the bus
   * unencrypted. That is acceptable because the session bus is a local
   * socket only this user (and root) can connect to, and anyone who can
   * eavesdrop on it can equally call GetSecrets themselves; the keyring
   * encrypts the values at rest. `dh-ietf1024-sha256-aes128-cbc-pkcs7`
   * (what libsecret uses) would add code, a 1024-bit DH exchange and no
   * protection against that same-user attacker.
   */
  async openPlainSession(): Promise<ObjectPath> {
    const [, session] = await this.service("OpenSession", "sv", ["plain", new dbus.Variant("s", "")], SessionReply);
    return session;
  }

  async closeSession(session: ObjectPath): Promise<void> {
    await this.bus.call({ destination: SECRETS_BUS_NAME, path: session, interface: SESSION, member: "Close" }, NoReply);
  }

  /** The collection an alias names, or null when the alias is unset. */
  async readAlias(alias: string): Promise<ObjectPath | null> {
    const [path] = await this.service("ReadAlias", "s", [alias], ObjectPathReply);
    return path === NO_OBJECT ? null : path;
  }

  /** Every collection's path. */
  async collections(): Promise<ObjectPath[]> {
    return this.property(SERVICE_PATH, SERVICE, "Collections", z.array(z.string()));
  }

  /** The collection's `Locked` property. */
  async isLocked(collection: ObjectPath): Promise<boolean> {
    return this.property(collection, COLLECTION, "Locked", z.boolean());
  }

  /** An item's lookup attributes (`Attributes` property, `a{ss}`). */
  async attributes(item: ObjectPath): Promise<Attributes> {
    return this.property(item, ITEM, "Attributes", z.record(z.string(), z.string()));
  }

  /** Items in every collection whose attributes include `attributes`. */
  async searchItems(attributes: Attributes): Promise<{ unlocked: ObjectPath[]; locked: ObjectPath[] }> {
    const [unlocked, locked] = await this.service(
      "SearchItems",
      "a{ss}",
      [attributes],
      z.tuple([z.array(z.string()), z.array(z.string())]),
    );
    return { unlocked, locked };
  }

  /**
   * The secrets of many items in one call. Items that vanished or are locked
   * are left out of the result rather than failing the call.
   */
  async getSecrets(items: readonly ObjectPath[], session: ObjectPath): Promise<Map<ObjectPath, Buffer>> {
    const [secrets] = await this.service(
      "GetSecrets",
      "aoo",
      [[...items], session],
      z.tuple([z.record(z.string(), SecretStruct)]),
    );
    return new Map(Object.entries(secrets).map(([item, [, , value]]) => [item, value]));
  }

  /** Creates an item; `prompt` is {@link NO_OBJECT} unless the service wants confirmation. */
  async createItem(
    collection: ObjectPath,
    item: NewItem,
    session: ObjectPath,
  ): Promise<{ item: ObjectPath; prompt: ObjectPath }> {
    const properties = {
      [`${ITEM}.Label`]: new dbus.Variant("s", item.label),
      [`${ITEM}.Attributes`]: new dbus.Variant("a{ss}", item.attributes),
    };
    const secret = [session, Buffer.alloc(0), item.secret, item.contentType];
    // replace=false: a twin with equal attributes must never be overwritten silently.
    const [path, prompt] = await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: collection,
        interface: COLLECTION,
        member: "CreateItem",
        signature: "a{sv}(oayays)b",
        body: [properties, secret, false],
      },
      PathAndPrompt,
    );
    return { item: path, prompt };
  }

  async setSecret(item: ObjectPath, session: ObjectPath, value: Buffer, contentType: string): Promise<void> {
    await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: item,
        interface: ITEM,
        member: "SetSecret",
        signature: "(oayays)",
        body: [[session, Buffer.alloc(0), value, contentType]],
      },
      NoReply,
    );
  }

  async setLabel(item: ObjectPath, label: string): Promise<void> {
    await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path: item,
        interface: PROPERTIES,
        member: "Set",
        signature: "ssv",
        body: [ITEM, "Label", new dbus.Variant("s", label)],
      },
      NoReply,
    );
  }

  /** Deletes an item; returns the prompt path, {@link NO_OBJECT} when it is already gone. */
  async deleteItem(item: ObjectPath): Promise<ObjectPath> {
    const [prompt] = await this.bus.call(
      { destination: SECRETS_BUS_NAME, path: item, interface: ITEM, member: "Delete" },
      ObjectPathReply,
    );
    return prompt;
  }

  /** Withdraws a prompt we will not show, so the service forgets the pending operation. */
  async dismissPrompt(prompt: ObjectPath): Promise<void> {
    await this.bus.call({ destination: SECRETS_BUS_NAME, path: prompt, interface: PROMPT, member: "Dismiss" }, NoReply);
  }

  private async property<T>(path: ObjectPath, iface: string, name: string, schema: z.ZodType<T>): Promise<T> {
    const [variant] = await this.bus.call(
      {
        destination: SECRETS_BUS_NAME,
        path,
        interface: PROPERTIES,
        member: "Get",
        signature: "ss",
        body: [iface, name],
      },
      PropertyReply,
    );
    const value: unknown = variant.value;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new DbusCallError(LocalError.badReply, `the ${name} property has an unexpected type`, "Get");
    }
    return parsed.data;
  }

  private service<T>(member: string, signature: string, body: unknown[], reply: z.ZodType<T>): Promise<T> {
    return this.bus.call(
      { destination: SECRETS_BUS_NAME, path: SERVICE_PATH, interface: SERVICE, member, signature, body },
      reply,
    );
  }
}
