import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { defaultVaultPath, type Environment } from "../paths";

/** A parsed `--store` value (docs/architecture.md, "The CLI"). */
export type StoreSpec =
  | { kind: "file"; path: string }
  | { kind: "secret-service" }
  | { kind: "keychain" }
  | { kind: "icloud" };

export const STORE_KINDS = ["keychain", "icloud", "secret-service", "file:PATH"] as const;

/**
 * Parses `--store`. In a vault path, `~` and `~/…` mean the home folder, as
 * in a shell — a spec in TWOFOLD_STORE or a launcher is never expanded by
 * one — and other relative paths are resolved against `cwd`.
 */
export function parseStoreSpec(
  text: string,
  cwd: string = process.cwd(),
  home: string = process.env.HOME || homedir(),
): StoreSpec {
  if (text === "keychain" || text === "icloud" || text === "secret-service") return { kind: text };
  if (text.startsWith("file:")) {
    const path = text.slice("file:".length);
    if (path === "")
      throw new TwofoldError("BAD_REQUEST", "--store file: needs a path, e.g. file:~/twofold-vault.json.");
    if (path === "~" || path.startsWith("~/")) return { kind: "file", path: join(home, path.slice(1)) };
    if (path.startsWith("~")) {
      throw new TwofoldError(
        "BAD_REQUEST",
        `--store ${text}: Twofold expands only ~ and ~/ (your own home folder). Write the full path of the vault instead.`,
      );
    }
    return { kind: "file", path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  throw new TwofoldError("BAD_REQUEST", `Unknown store "${text}". Use one of: ${STORE_KINDS.join(", ")}.`);
}

export function formatStoreSpec(spec: StoreSpec): string {
  return spec.kind === "file" ? `file:${spec.path}` : spec.kind;
}

/**
 * The store used when none is named: the platform's keychain where there is
 * one (macOS login keychain; Secret Service when a D-Bus session exists),
 * else the file vault in the data folder.
 */
export function defaultStoreSpec(environment: Environment): StoreSpec {
  if (environment.platform === "darwin") return { kind: "keychain" };
  if (environment.platform === "linux" && environment.env.DBUS_SESSION_BUS_ADDRESS) return { kind: "secret-service" };
  return { kind: "file", path: defaultVaultPath(environment) };
}

/** `--store` if given, then `TWOFOLD_STORE`, then the platform default. */
export function chooseStoreSpec(flag: string | undefined, environment: Environment): StoreSpec {
  const text = flag ?? environment.env.TWOFOLD_STORE;
  return text ? parseStoreSpec(text, process.cwd(), environment.home) : defaultStoreSpec(environment);
}
