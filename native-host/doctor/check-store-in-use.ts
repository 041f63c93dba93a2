import type { AccountService } from "../accounts/account-service";
import { browserStoreProblem } from "../install/browser-store";
import type { Environment } from "../paths";
import { findStore, STORES, type StoreDefinition } from "../stores/store-registry";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { QuarantinedRecord } from "../stores/stored-record";
import type { Finding } from "./finding";

/** Set-aside values listed one by one; beyond this, one line counts the rest. */
const LISTED_QUARANTINE = 20;

/**
 * Opens the store in use and lists it, through its accounts: the check that
 * matters most. Then what its registry entry finds wrong with it, and
 * whether a browser's host could open it.
 */
export async function checkStoreInUse(
  spec: StoreSpec,
  accounts: () => Promise<AccountService>,
  environment: Environment,
  stores: readonly StoreDefinition[] = STORES,
): Promise<Finding[]> {
  const subject = `store ${formatStoreSpec(spec)}`;
  const findings: Finding[] = [];
  try {
    const service = await accounts();
    const listed = await service.list();
    findings.push({ level: "ok", subject, message: `${listed.length} account${listed.length === 1 ? "" : "s"}` });
    findings.push(...quarantineFindings(subject, await service.quarantined()));
  } catch (error) {
    findings.push({ level: "error", subject, message: error instanceof Error ? error.message : String(error) });
    return findings;
  }
  const problems = (await findStore(spec.kind, stores)?.problems?.(spec, environment)) ?? [];
  // An error, not a warning: every browser's host would find this store locked.
  const forBrowsers = await browserStoreProblem(spec, environment);
  if (forBrowsers !== null) problems.push(forBrowsers);
  for (const problem of problems) findings.push({ level: "error", subject, ...problem });
  return findings;
}

/**
 * One warning per value the store set aside, with how to fix it. A warning,
 * not an error: every other account works. Removing is the last step, since
 * the unreadable copy may hold the only copy of the secret.
 */
export function quarantineFindings(subject: string, entries: readonly QuarantinedRecord[]): Finding[] {
  const findings: Finding[] = entries.slice(0, LISTED_QUARANTINE).map((entry) => ({
    level: "warn",
    subject,
    message: `the stored account ${entry.id} (${entry.name}) cannot be used and was set aside: ${entry.reason}`,
    fix: `if you still have its QR code or setup key, add it again; then remove the unreadable copy with \`twofold remove ${entry.id}\``,
  }));
  if (entries.length > LISTED_QUARANTINE) {
    findings.push({
      level: "warn",
      subject,
      message: `${entries.length - LISTED_QUARANTINE} more stored accounts cannot be used and were set aside`,
      fix: "run `twofold list` to see them all",
    });
  }
  return findings;
}
