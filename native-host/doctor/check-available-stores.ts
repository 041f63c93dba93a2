import { asTwofoldError } from "../../src/protocol/twofold-error";
import type { Environment } from "../paths";
import { openStore } from "../stores/open-store";
import { STORES, type StoreDefinition } from "../stores/store-registry";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { Finding } from "./finding";

/**
 * Which other registered stores this machine can use, and why not: each is
 * opened and listed (or surveyed, as its entry says), and a failure is
 * reported with the store's own explanation (no D-Bus session, keyring
 * locked, helper unsigned, …). Unavailable stores are warnings, not errors:
 * only the store in use must work.
 */
export async function checkAvailableStores(
  environment: Environment,
  inUse: StoreSpec,
  stores: readonly StoreDefinition[] = STORES,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const store of stores) {
    // A store named with a path is looked at where it would be by default.
    const spec = store.path === undefined ? { kind: store.kind } : store.defaultSpec?.(environment);
    if (spec !== undefined && formatStoreSpec(spec) === formatStoreSpec(inUse)) continue;
    const subject = `available store ${store.kind}`;
    const why = store.unavailable(environment);
    if (why !== undefined) {
      // Neither good nor bad: nothing to fix, so no ✓ that suggests it works.
      findings.push({ level: "info", subject, message: `not on this machine (${why})` });
    } else if (store.survey !== undefined) {
      findings.push({ level: "ok", subject, message: await store.survey(environment) });
    } else if (spec === undefined) {
      findings.push({ level: "info", subject, message: `named with a path: --store ${store.kind}:PATH` });
    } else {
      findings.push(await probe(spec, environment, subject, stores));
    }
  }
  return findings;
}

async function probe(
  spec: StoreSpec,
  environment: Environment,
  subject: string,
  stores: readonly StoreDefinition[],
): Promise<Finding> {
  try {
    const store = await openStore(spec, environment, stores);
    try {
      const accounts = await store.list();
      return { level: "ok", subject, message: `usable, ${accounts.length} account${accounts.length === 1 ? "" : "s"}` };
    } finally {
      await store.close();
    }
  } catch (error) {
    return { level: "warn", subject, message: `not usable: ${asTwofoldError(error, String(error)).message}` };
  }
}
