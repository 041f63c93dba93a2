import { TwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import type { Store } from "./store";
import { findStore, STORES, type StoreDefinition } from "./store-registry";
import { formatStoreSpec, type StoreSpec } from "./store-spec";

/** Opens the store a spec names, through its entry in the registry. */
export async function openStore(
  spec: StoreSpec,
  environment: Environment,
  stores: readonly StoreDefinition[] = STORES,
): Promise<Store> {
  const store = findStore(spec.kind, stores);
  if (store === undefined) {
    throw new TwofoldError("BAD_REQUEST", `Unknown store "${formatStoreSpec(spec)}".`);
  }
  return store.open(spec, environment);
}
