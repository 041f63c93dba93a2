import { type OpenedAccounts, openAccounts } from "../cli/open-accounts";
import { decodeText } from "../import/decode-text";
import type { Environment } from "../paths";
import type { Store } from "../stores/store";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import type { HostContext } from "./handle-request";

/** What one host process serves: the store it was pointed at, and where it runs. */
export interface HostWiring {
  environment: Environment;
  spec: StoreSpec;
  version: string;
  /** Opens the store; the real backends unless a test passes its own. */
  openStore?: (spec: StoreSpec, environment: Environment) => Promise<Store>;
}

/** The request handlers' context, with the store's life around it. */
export interface HostSession extends HostContext {
  /** Opens and reads the store in the background; its failure waits for a request to report it. */
  warmUp(): void;
  close(): Promise<void>;
}

/**
 * Wires the store named by `spec` to the request handlers. The store, the
 * account service, the importers and doctor load on first use.
 */
export function createHostSession(wiring: HostWiring): HostSession {
  const { environment, spec, version } = wiring;
  let opened: Promise<OpenedAccounts> | undefined;
  let warming: Promise<unknown> | undefined;
  const open = () => {
    opened ??= openAccounts(spec, environment, wiring.openStore);
    return opened.then(({ accounts }) => accounts);
  };
  return {
    accounts: open,
    storeSpec: formatStoreSpec(spec),
    version,
    warmUp() {
      // A store that fails here (locked, unreadable) fails again for the request
      // that needs it, which says why; the warm-up itself stays silent.
      warming ??= open()
        .then((accounts) => accounts.list())
        .catch(() => undefined);
    },
    async importData(params) {
      const { runImport } = await import("../import/run-import");
      const bytes = Buffer.from(params.data, params.encoding === "base64" ? "base64" : "utf8");
      const text = params.encoding === "base64" ? decodeText(bytes) : params.data;
      const report = await runImport(
        await open(),
        { bytes, text, password: params.password },
        { format: params.format, dryRun: params.dryRun, partial: params.partial },
      );
      return { report };
    },
    async doctor({ extensionId }) {
      const { runDoctor } = await import("../doctor/run-doctor");
      const findings = await runDoctor({
        environment,
        spec,
        accounts: open,
        extensionId,
        fromHost: true,
      });
      return { findings };
    },
    async storeStatus() {
      const shown = formatStoreSpec(spec);
      try {
        const listed = await (await open()).list();
        return { spec: shown, ok: true, message: `${listed.length} account${listed.length === 1 ? "" : "s"}` };
      } catch (error) {
        return { spec: shown, ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await warming;
      await opened?.then((accounts) => accounts.close()).catch(() => undefined);
    },
  };
}
