import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import type { MethodName, MethodParams, MethodResult } from "../protocol/methods";
import { asTwofoldError, TwofoldError } from "../protocol/twofold-error";
import type { HostClient } from "./host-client";
import { SafariAccountStore } from "./safari-account-store";
import { SafariKeychain, type SafariKeychainOptions } from "./safari-keychain";
import { SafariSecrets } from "./safari-secrets";

export interface SafariHostClientOptions extends SafariKeychainOptions {
  /** The clock for new accounts; the app makes codes at its own. */
  now?: () => number;
}

/**
 * The Safari {@link HostClient}. Safari has no stdio host: native messages go
 * to the containing Twofold app, whose handler only reaches the keychain and
 * makes codes (native-host/macos). So the background answers the host
 * protocol itself, with the host's own request handler and account logic
 * (native-host/host/handle-request.ts, native-host/accounts/account-service.ts)
 * over the app's primitives: which accounts match a page, their order, paging,
 * binding typed sites and "remember" are one implementation for every
 * browser, and the secrets stay in the app.
 */
export class SafariHostClient implements HostClient {
  private readonly keychain: SafariKeychain;
  private readonly context: HostContext;

  constructor(options: SafariHostClientOptions) {
    this.keychain = new SafariKeychain(options);
    const store = new SafariAccountStore(this.keychain);
    const service = new AccountService(store, options.now ?? Date.now, new SafariSecrets(this.keychain));
    this.context = {
      accounts: async () => service,
      storeSpec: store.spec,
      version: "safari",
      importData: () => Promise.reject(cliOnly("Importing")),
      storeStatus: async () => {
        try {
          const count = (await service.list()).length;
          return { spec: store.spec, ok: true, message: `${count} account${count === 1 ? "" : "s"}` };
        } catch (error) {
          return { spec: store.spec, ok: false, message: asTwofoldError(error).message };
        }
      },
      doctor: () => Promise.reject(cliOnly("Checking the setup")),
    };
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    try {
      return (await handleRequest(method, params, this.context)) as MethodResult<M>;
    } catch (error) {
      throw asTwofoldError(
        error,
        "Twofold hit an unexpected error in Safari. Reload the extension; if it persists, report it.",
      );
    }
  }

  /** Ping the app again before the next request (the person pressed Retry). */
  reset(): void {
    this.keychain.reset();
  }
}

/** What needs the command line, which reaches the same iCloud Keychain items as Safari. */
function cliOnly(what: string): TwofoldError {
  return new TwofoldError(
    "UNKNOWN_METHOD",
    `${what} runs in Twofold's command line on this Mac, with --store icloud (for example \`twofold import FILE --store icloud\`); Safari sees its accounts through iCloud Keychain.`,
  );
}
