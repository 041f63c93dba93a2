import type { AccountService } from "../accounts/account-service";
import type { Environment } from "../paths";
import type { Store } from "../stores/store";
import type { StoreSpec } from "../stores/store-spec";

/** A store's accounts, and how to close the store when done with them. */
export interface OpenedAccounts {
  accounts: AccountService;
  close(): Promise<void>;
}

/**
 * Opens the store a spec names and its account service. Both load here, on
 * first use: a command's usage errors, and the host's `hello`, come first.
 */
export async function openAccounts(
  spec: StoreSpec,
  environment: Environment,
  open?: (spec: StoreSpec, environment: Environment) => Promise<Store>,
): Promise<OpenedAccounts> {
  const [store, { AccountService }] = await Promise.all([
    open
      ? open(spec, environment)
      : import("../stores/open-store").then(({ openStore }) => openStore(spec, environment)),
    import("../accounts/account-service"),
  ]);
  return { accounts: new AccountService(store), close: () => store.close() };
}
