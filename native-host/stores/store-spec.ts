import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { STORES, type StoreDefinition } from "./store-registry";

/** A parsed `--store` value (docs/architecture.md, "The CLI"). */
export interface StoreSpec {
  /** The registered store it names (`keychain`, `file`). */
  kind: string;
  /** For a store named with a path (`file:PATH`): that path, absolute. */
  path?: string;
}

/** How each store is named in `--store`: `keychain`, …, `file:PATH`. */
export function storeUsages(stores: readonly StoreDefinition[] = STORES): string[] {
  return stores.map((store) => (store.path === undefined ? store.kind : `${store.kind}:PATH`));
}

/** How `--store` names each store, for help texts. */
export const STORE_KINDS: readonly string[] = storeUsages();

/**
 * Parses `--store`. In a store's path, `~` and `~/…` mean the home folder, as
 * in a shell — a spec in TWOFOLD_STORE or a launcher is never expanded by
 * one — and other relative paths are resolved against `cwd`.
 */
export function parseStoreSpec(
  text: string,
  cwd: string = process.cwd(),
  home: string = process.env.HOME || homedir(),
  stores: readonly StoreDefinition[] = STORES,
): StoreSpec {
  const colon = text.indexOf(":");
  const store = stores.find((candidate) =>
    candidate.path === undefined ? candidate.kind === text : candidate.kind === text.slice(0, colon),
  );
  if (store === undefined) {
    throw new TwofoldError("BAD_REQUEST", `Unknown store "${text}". Use one of: ${storeUsages(stores).join(", ")}.`);
  }
  if (store.path === undefined) return { kind: store.kind };
  const path = text.slice(colon + 1);
  if (path === "") {
    throw new TwofoldError("BAD_REQUEST", `--store ${store.kind}: needs a path, e.g. ${store.path.example}.`);
  }
  if (path === "~" || path.startsWith("~/")) return { kind: store.kind, path: join(home, path.slice(1)) };
  if (path.startsWith("~")) {
    throw new TwofoldError(
      "BAD_REQUEST",
      `--store ${text}: Twofold expands only ~ and ~/ (your own home folder). Write the full path instead.`,
    );
  }
  return { kind: store.kind, path: isAbsolute(path) ? path : resolve(cwd, path) };
}

export function formatStoreSpec(spec: StoreSpec): string {
  return spec.path === undefined ? spec.kind : `${spec.kind}:${spec.path}`;
}

/**
 * The store used when none is named: the first registered store that is the
 * one to use here — the platform's keychain where there is one (macOS login
 * keychain; Secret Service when a D-Bus session exists), else the file vault
 * in the data folder.
 */
export function defaultStoreSpec(environment: Environment, stores: readonly StoreDefinition[] = STORES): StoreSpec {
  for (const store of stores) {
    const spec = store.defaultSpec?.(environment);
    if (spec !== undefined) return spec;
  }
  throw new TwofoldError("INTERNAL", "No registered store can be the default here.");
}

/** `--store` if given, then `TWOFOLD_STORE`, then the platform default. */
export function chooseStoreSpec(flag: string | undefined, environment: Environment): StoreSpec {
  const text = flag ?? environment.env.TWOFOLD_STORE;
  return text ? parseStoreSpec(text, process.cwd(), environment.home) : defaultStoreSpec(environment);
}
