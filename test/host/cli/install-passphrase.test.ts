import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AccountService } from "../../../native-host/accounts/account-service";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import { GITHUB_URI, withTempCli } from "./temp-cli";

const cli = withTempCli();
const PASSPHRASE = "correct horse battery staple";

/** A vault at the CLI's store, sealed with a passphrase (or, without one, with a key file). */
async function vaultWith(passphrase: string | undefined): Promise<void> {
  const store = new FileVaultStore(join(cli().dir, "vault.json"), { passphrase });
  await new AccountService(store).add({ uri: GITHUB_URI });
}

const profile = () => join(cli().dir, "profile");
const install = (env: NodeJS.ProcessEnv = {}, store?: string) =>
  cli().run(["install", "--browser", "chromium", "--user-data-dir", profile(), ...(store ? ["--store", store] : [])], {
    env,
  });

describe("install refuses a store the browser's host could not open", () => {
  it.each([
    {
      name: "a passphrase vault, TWOFOLD_PASSPHRASE set",
      passphrase: PASSPHRASE,
      env: { TWOFOLD_PASSPHRASE: PASSPHRASE },
      message:
        /this vault is locked with a passphrase \(TWOFOLD_PASSPHRASE\), which a browser cannot give to the host it starts\. Instead, copy its accounts to a store a browser can open, then install with that --store: twofold migrate --from file:\S+vault\.json --to secret-service, or to a vault with a key file: twofold migrate --from file:\S+vault\.json --to file:\S+vault-browser\.json --to-key-file\.$/,
    },
    {
      name: "a passphrase vault, TWOFOLD_PASSPHRASE unset",
      passphrase: PASSPHRASE,
      env: {},
      message: /this vault is locked with a passphrase/,
    },
    {
      name: "no vault yet, TWOFOLD_PASSPHRASE set",
      passphrase: null,
      env: { TWOFOLD_PASSPHRASE: PASSPHRASE },
      message:
        /TWOFOLD_PASSPHRASE is set, so this vault would be created locked with that passphrase, which a browser cannot give to the host it starts\. Instead, unset TWOFOLD_PASSPHRASE \(the vault then gets a key file beside it, which the browser's host reads\), or use --store secret-service\.$/,
    },
  ])("$name: one line saying what to use instead, nothing written", async ({ passphrase, env, message }) => {
    if (passphrase !== null) await vaultWith(passphrase);
    const result = install(env);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(result.stderr).toMatch(/^twofold: Not installed for Chromium: the store is file:\S+vault\.json, and /);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(existsSync(join(profile(), "NativeMessagingHosts"))).toBe(false);
  });

  it("installs for a key-file vault even while TWOFOLD_PASSPHRASE is set (the key file opens it)", async () => {
    await vaultWith(undefined);
    expect(install({ TWOFOLD_PASSPHRASE: PASSPHRASE })).toMatchObject({ status: 0 });
  });

  it("doctor reports a passphrase vault as a problem, with the fix, and exits 1", async () => {
    await vaultWith(PASSPHRASE);
    const result = cli().run(["doctor", "--user-data-dir", profile()], { env: { TWOFOLD_PASSPHRASE: PASSPHRASE } });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^✗ store file:\S+vault\.json: this vault is locked with a passphrase/m);
    expect(result.stdout).toMatch(/^ {4}fix: copy its accounts to a store a browser can open.*--to-key-file$/m);
  });

  it("following the fix works: migrate --to-key-file, install, and the browser's host reads the copy", async () => {
    await vaultWith(PASSPHRASE);
    const copy = `file:${join(cli().dir, "vault-browser.json")}`;
    const migrated = cli().run(["migrate", "--from", cli().store, "--to", copy, "--to-key-file"], {
      env: { TWOFOLD_PASSPHRASE: PASSPHRASE },
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(existsSync(join(cli().dir, "vault-browser.json.key"))).toBe(true);
    expect(install({ TWOFOLD_PASSPHRASE: PASSPHRASE }, copy)).toMatchObject({ status: 0 });
    // The browser starts the host without the person's variables.
    expect(cli().run(["list"], { env: { TWOFOLD_STORE: copy } }).stdout).toMatch(/GitHub\s+octocat/);
    const doctor = cli().run(["doctor", "--user-data-dir", profile()], { env: { TWOFOLD_STORE: copy } });
    expect(doctor.stdout).not.toContain("✗");
    expect(doctor.status, doctor.stdout).toBe(0);
  });
});
