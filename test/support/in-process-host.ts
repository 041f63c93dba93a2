import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import type { HostClient } from "../../src/background/host-client";
import type { MethodName, MethodParams, MethodResult } from "../../src/protocol/methods";

/**
 * The real host's request handling over a real vault, called in-process: a
 * HostClient for testing the background without a browser. `calls` records
 * every method asked for.
 */
export async function inProcessHost(now: () => number = Date.now) {
  const dir = await mkdtemp(join(tmpdir(), "twofold-bg-"));
  const store = new FileVaultStore(join(dir, "vault.json"));
  const service = new AccountService(store, now);
  const calls: MethodName[] = [];
  const context: HostContext = {
    accounts: async () => service,
    storeSpec: store.spec,
    version: "test",
    importData: () => Promise.reject(new Error("not used")),
    storeStatus: async () => ({ spec: store.spec, ok: true, message: "ok" }),
    doctor: async () => ({ findings: [] }),
  };
  const client: HostClient = {
    async request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      calls.push(method);
      return (await handleRequest(method, params, context)) as MethodResult<M>;
    },
    reset() {},
  };
  return { client, service, calls, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
