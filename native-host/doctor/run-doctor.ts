import type { AccountService } from "../accounts/account-service";
import type { BrowserInfo } from "../install/browsers";
import type { Environment } from "../paths";
import type { StoreDefinition } from "../stores/store-registry";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import { checkAvailableStores } from "./check-available-stores";
import { checkBrowsers } from "./check-browsers";
import { checkStoreInUse } from "./check-store-in-use";
import type { Finding } from "./finding";

export interface DoctorInput {
  environment: Environment;
  spec: StoreSpec;
  /** The accounts of the store in use, opened when first asked for. */
  accounts: () => Promise<AccountService>;
  /** The registered stores; every store Twofold has unless a test adds one. */
  stores?: readonly StoreDefinition[];
  browser?: BrowserInfo | undefined;
  userDataDir?: string | undefined;
  extensionId?: string | undefined;
  /**
   * Asked by a running host (the options page): a browser evidently reached
   * it, so "installed for no browser" would be wrong — it may have been
   * installed into one profile folder.
   */
  fromHost?: boolean;
}

/** Every check of `twofold doctor`, in the order it prints them. */
export async function runDoctor(input: DoctorInput): Promise<Finding[]> {
  const browsers = await checkBrowsers(
    {
      userDataDir: input.userDataDir,
      browser: input.browser,
      extensionId: input.extensionId,
      storeSpec: formatStoreSpec(input.spec),
    },
    input.environment,
  );
  return [
    nodeFinding(),
    ...(await checkStoreInUse(input.spec, input.accounts, input.environment, input.stores)),
    ...(await checkAvailableStores(input.environment, input.spec, input.stores)),
    ...(input.fromHost ? browsers.filter((finding) => finding.subject !== "browsers") : browsers),
  ];
}

function nodeFinding(): Finding {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 20
    ? { level: "ok", subject: "node", message: `${process.version} at ${process.execPath}` }
    : { level: "error", subject: "node", message: `${process.version} is too old`, fix: "install Node.js 20 or later" };
}
