import { stat } from "node:fs/promises";
import { browserStoreProblem } from "../install/browser-store";
import type { Environment } from "../paths";
import type { Store } from "../stores/store";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { Finding } from "./finding";

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
