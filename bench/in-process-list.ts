// Bundled and run by bench/run.mjs: the host's own time to list 10,000
// accounts and all their codes — request handling, paging and result
// validation, without the pipe and the client's parsing.
import { AccountService } from "../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../native-host/host/handle-request";
import { FileVaultStore } from "../native-host/stores/file-vault-store";

const path = process.argv[2];
if (!path) throw new Error("usage: in-process-list VAULT");
const store = new FileVaultStore(path);
const service = new AccountService(store);
const context: HostContext = {
  accounts: async () => service,
  storeSpec: store.spec,
  version: "bench",
  importData: () => Promise.reject(new Error("unused")),
  storeStatus: async () => ({ spec: store.spec, ok: true, message: "" }),
  doctor: async () => ({ findings: [] }),
};

async function all(method: "accounts.list" | "codes.get"): Promise<number> {
  let cursor: string | undefined;
  let count = 0;
  do {
    const result = (await handleRequest(method, cursor ? { cursor } : {}, context)) as {
      cursor?: string;
      accounts?: unknown[];
      codes?: unknown[];
    };
    count += (result.accounts ?? result.codes ?? []).length;
    cursor = result.cursor;
  } while (cursor);
  return count;
}

const runs: { ms: number; accounts: number; codes: number }[] = [];
for (let i = 0; i < 9; i++) {
  const started = performance.now();
  const accounts = await all("accounts.list");
  const codes = await all("codes.get");
  runs.push({ ms: performance.now() - started, accounts, codes });
}
process.stdout.write(`${JSON.stringify(runs)}\n`);
