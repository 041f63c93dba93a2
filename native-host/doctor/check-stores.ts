import { stat } from "node:fs/promises";
import { asTwofoldError } from "../../src/protocol/twofold-error";
import { defaultVaultPath, type Environment } from "../paths";
import { openStore } from "../stores/open-store";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { Finding } from "./finding";

/**
 * Which stores this machine can use, and why not: each is opened and
 * listed, and a failure is reported with the store's own explanation
 * (no D-Bus session, keyring locked, helper unsigned, …). Unavailable stores
 * are warnings, not errors: only the store in use must work.
 */
export async function checkStores(environment: Environment, inUse: StoreSpec): Promise<Finding[]> {
  const candidates: { spec: StoreSpec; why?: string }[] = [
    { spec: { kind: "secret-service" }, why: environment.platform === "linux" ? undefined : "Linux only" },
    {
      spec: { kind: "keychain" },
      why: environment.platform === "darwin" || environment.env.TWOFOLD_SECURITY_PATH ? undefined : "macOS only",
    },
    {
      spec: { kind: "icloud" },
      why: environment.platform === "darwin" || environment.env.TWOFOLD_ICLOUD_HELPER ? undefined : "macOS only",
    },
  ];
  const findings: Finding[] = [];
  for (const { spec, why } of candidates) {
    if (formatStoreSpec(spec) === formatStoreSpec(inUse)) continue;
    const subject = `available store ${spec.kind}`;
    if (why) {
      // Neither good nor bad: nothing to fix, so no ✓ that suggests it works.
      findings.push({ level: "info", subject, message: `not on this machine (${why})` });
      continue;
    }
    findings.push(await probe(spec, environment, subject));
  }
  const vault = defaultVaultPath(environment);
  const exists = await stat(vault).then(
    () => true,
    () => false,
  );
  if (inUse.kind !== "file" || inUse.path !== vault) {
    findings.push({
      level: "ok",
      subject: "available store file",
      message: `always; the default vault ${vault} ${exists ? "exists" : "does not exist yet"}`,
    });
  }
  return findings;
}

async function probe(spec: StoreSpec, environment: Environment, subject: string): Promise<Finding> {
  try {
    const store = await openStore(spec, environment);
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
