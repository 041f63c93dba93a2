import { stat } from "node:fs/promises";
import { defaultVaultPath, type Environment } from "../paths";
import type { Store } from "./store";
import type { StoreSpec } from "./store-spec";

/**
 * One kind of store, as `--store`, the default rule and `twofold doctor` see
 * it. A new store is its own file plus one entry in {@link STORES}: parsing
 * its spec, choosing it by default, opening it and reporting it in doctor
 * all read the entry, and the test suite runs the store contract on every
 * entry.
 */
export interface StoreDefinition {
  /** Its name in a spec: the whole spec (`keychain`), or the part before `:` of one that takes a path. */
  readonly kind: string;
  /**
   * Set for a store named with a path after its name (`file:PATH`); the path
   * is resolved as a shell would (`~`, relative to the working folder).
   */
  readonly path?: { example: string };
  /** Why this machine cannot use it ("macOS only"), for doctor; `undefined` where it may work. */
  unavailable(environment: Environment): string | undefined;
  /**
   * The spec to use when none is named, where this store is the one to use;
   * the first store in {@link STORES} that gives one is the default.
   */
  defaultSpec?(environment: Environment): StoreSpec | undefined;
  /** Opens the store. Backends load on demand, so that a file-vault user never loads a D-Bus client. */
  open(spec: StoreSpec, environment: Environment): Promise<Store>;
  /** What doctor says of this store when another is in use; without it, doctor opens and lists it. */
  survey?(environment: Environment): Promise<string>;
  /** What doctor finds wrong with this store when it is in use, beyond opening and listing it. */
  problems?(spec: StoreSpec, environment: Environment): Promise<StoreProblem[]>;
}

/** Something wrong with the store in use, and the command that fixes it. */
export interface StoreProblem {
  message: string;
  fix?: string;
}

/** A macOS store may also be tried where a test points it at a stand-in for Apple's tool. */
function macOsOnly(environment: Environment, standIn: string | undefined): string | undefined {
  return environment.platform === "darwin" || standIn ? undefined : "macOS only";
}

/** Every store, in the order the default rule tries them. */
export const STORES: readonly StoreDefinition[] = [
  {
    kind: "keychain",
    unavailable: (environment) => macOsOnly(environment, environment.env.TWOFOLD_SECURITY_PATH),
    defaultSpec: (environment) => (environment.platform === "darwin" ? { kind: "keychain" } : undefined),
    open: async (_spec, environment) => new (await import("./keychain-store")).KeychainStore(environment),
  },
  {
    kind: "icloud",
    unavailable: (environment) => macOsOnly(environment, environment.env.TWOFOLD_ICLOUD_HELPER),
    open: async (_spec, environment) => new (await import("./icloud-store")).ICloudStore(environment),
  },
  {
    kind: "secret-service",
    unavailable: (environment) => (environment.platform === "linux" ? undefined : "Linux only"),
    // Only where a D-Bus session exists: a Linux machine without a desktop has no keyring to reach.
    defaultSpec: (environment) =>
      environment.platform === "linux" && environment.env.DBUS_SESSION_BUS_ADDRESS
        ? { kind: "secret-service" }
        : undefined,
    open: async (_spec, environment) => (await import("./secret-service-store")).SecretServiceStore.open(environment),
  },
  {
    kind: "file",
    path: { example: "file:~/twofold-vault.json" },
    unavailable: () => undefined,
    defaultSpec: (environment) => ({ kind: "file", path: defaultVaultPath(environment) }),
    open: async (spec, environment) =>
      new (await import("./file-vault-store")).FileVaultStore(spec.path ?? defaultVaultPath(environment), {
        passphrase: environment.env.TWOFOLD_PASSPHRASE,
      }),
    async survey(environment) {
      const vault = defaultVaultPath(environment);
      const exists = await stat(vault).then(
        () => true,
        () => false,
      );
      return `always; the default vault ${vault} ${exists ? "exists" : "does not exist yet"}`;
    },
    problems: async (spec) => (await import("./file-vault-store")).keyFileProblems(spec.path ?? ""),
  },
];

/** The store a spec's kind names, if one is registered. */
export function findStore(kind: string, stores: readonly StoreDefinition[] = STORES): StoreDefinition | undefined {
  return stores.find((store) => store.kind === kind);
}
