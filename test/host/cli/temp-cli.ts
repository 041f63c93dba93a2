import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { AccountService } from "../../../native-host/accounts/account-service";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import type { AccountSummary } from "../../../src/otp/account";
import { HOST_BUNDLE } from "../../support/host-process";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A throwaway home folder with a file vault in it, and the built CLI pointed at both. */
export interface TempCli {
  dir: string;
  /** `file:…` of the vault every run uses unless `--store` says otherwise. */
  store: string;
  run(args: readonly string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): CliResult;
  /** The vault's accounts, read in this process (no CLI run). */
  accounts(): Promise<AccountSummary[]>;
  /** Adds an account in this process, as `twofold add` would, without running the CLI. */
  seed(uri: string, domains?: string[]): Promise<AccountSummary>;
}

/** Gives every test of the calling file a fresh {@link TempCli} through `current()`. */
export function withTempCli(): () => TempCli {
  let cli: TempCli | undefined;
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), "twofold-cli-"));
    const store = `file:${join(dir, "vault.json")}`;
    const run: TempCli["run"] = (args, options = {}) => {
      const result = spawnSync(process.execPath, [HOST_BUNDLE, ...args], {
        cwd: dir,
        env: cleanEnv({ HOME: dir, TWOFOLD_STORE: store, ...options.env }),
        input: options.input ?? "",
        encoding: "utf8",
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const vault = () => new AccountService(new FileVaultStore(join(dir, "vault.json")));
    cli = {
      dir,
      store,
      run,
      accounts: () => vault().list(),
      seed: (uri, domains) => vault().add({ uri, domains }),
    };
  });
  afterEach(async () => {
    if (cli) await rm(cli.dir, { recursive: true, force: true });
    cli = undefined;
  });
  return () => {
    if (cli === undefined) throw new Error("withTempCli() is used outside a test");
    return cli;
  };
}

/** This process's environment without anything that would point the CLI at a real store or profile. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("TWOFOLD_") && !name.startsWith("XDG_") && name !== "DBUS_SESSION_BUS_ADDRESS") {
      env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** RFC 6238's secret: the issuer is not one Twofold knows, so it gets no site. */
export const UNKNOWN_ISSUER_URI =
  "otpauth://totp/Example%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Co";
export const UNKNOWN_ISSUER_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/** An issuer bound to its sign-in site without being asked. */
export const GITHUB_URI = "otpauth://totp/GitHub:octocat?secret=KRSXG5CTMVRXEZLU&issuer=GitHub";
