import { stat } from "node:fs/promises";
import { browserStoreProblem } from "../install/browser-store";
import type { Environment } from "../paths";
import type { Store } from "../stores/store";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { QuarantinedRecord } from "../stores/stored-record";
import type { Finding } from "./finding";

/** Set-aside values listed one by one; beyond this, one line counts the rest. */
const LISTED_QUARANTINE = 20;

/** Opens the chosen store and lists it: the check that matters most. */
export async function checkStore(
  spec: StoreSpec,
  open: () => Promise<Store>,
  environment: Environment,
): Promise<Finding[]> {
  const subject = `store ${formatStoreSpec(spec)}`;
  const findings: Finding[] = [];
  try {
    const store = await open();
    const accounts = await store.list();
    findings.push({ level: "ok", subject, message: `${accounts.length} account${accounts.length === 1 ? "" : "s"}` });
    findings.push(...quarantineFindings(subject, await store.quarantined()));
  } catch (error) {
    findings.push({ level: "error", subject, message: error instanceof Error ? error.message : String(error) });
    return findings;
  }
  if (spec.kind === "file") {
    const key = await stat(`${spec.path}.key`).catch(() => null);
    if (key !== null && (key.mode & 0o077) !== 0) {
      findings.push({
        level: "error",
        subject,
        message: `the key file ${spec.path}.key can be read by other users (mode ${(key.mode & 0o777).toString(8)})`,
        fix: `chmod 600 '${spec.path}.key'`,
      });
    }
  }
  // An error, not a warning: every browser's host would find this store locked.
  const problem = await browserStoreProblem(spec, environment);
  if (problem !== null) findings.push({ level: "error", subject, message: problem.message, fix: problem.fix });
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
