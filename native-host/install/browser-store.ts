import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Environment } from "../paths";
import { formatStoreSpec, type StoreSpec } from "../stores/store-spec";
import { shellWord } from "./host-manifest";

/** Why the host a browser starts could not open a store, and what to use instead. */
export interface BrowserStoreProblem {
  message: string;
  fix: string;
}

/** Just the vault header's key derivation: enough to tell a passphrase vault from a key-file one. */
const VaultHeader = z.object({ kdf: z.object({ name: z.string() }) });

/**
 * A browser starts the host with no terminal and none of the user's shell
 * variables, so it can never supply `TWOFOLD_PASSPHRASE`. A file vault
 * sealed with a passphrase (or about to be created with one, because the
 * variable is set here) would be locked for every browser. Returns `null`
 * when the browser's host can open the store.
 */
export async function browserStoreProblem(
  spec: StoreSpec,
  environment: Environment,
): Promise<BrowserStoreProblem | null> {
  if (spec.kind !== "file" || spec.path === undefined) return null;
  const text = await readFile(spec.path, "utf8").catch(() => null);
  const store = formatStoreSpec(spec);
  const keychain = environment.platform === "darwin" ? "keychain" : "secret-service";
  if (text === null) {
    if (!environment.env.TWOFOLD_PASSPHRASE) return null;
    return {
      message:
        "TWOFOLD_PASSPHRASE is set, so this vault would be created locked with that passphrase, which a browser cannot give to the host it starts",
      fix: `unset TWOFOLD_PASSPHRASE (the vault then gets a key file beside it, which the browser's host reads), or use --store ${keychain}`,
    };
  }
  const header = safeJson(text);
  if (header?.kdf.name !== "scrypt") return null;
  const from = shellWord(store);
  const keyFileVault = shellWord(`file:${spec.path.replace(/(\.json)?$/, "-browser.json")}`);
  return {
    message:
      "this vault is locked with a passphrase (TWOFOLD_PASSPHRASE), which a browser cannot give to the host it starts",
    fix: `copy its accounts to a store a browser can open, then install with that --store: twofold migrate --from ${from} --to ${keychain}, or to a vault with a key file: twofold migrate --from ${from} --to ${keyFileVault} --to-key-file`,
  };
}

function safeJson(text: string): z.infer<typeof VaultHeader> | null {
  try {
    const parsed = VaultHeader.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
