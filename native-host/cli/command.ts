import type { ParseArgsConfig } from "node:util";
import type { AccountService } from "../accounts/account-service";
import type { Environment } from "../paths";
import type { StoreSpec } from "../stores/store-spec";

/** What every command gets: where it runs, and the store it was pointed at. */
export interface CliContext {
  environment: Environment;
  out(text: string): void;
  err(text: string): void;
  /** The store from `--store`, `TWOFOLD_STORE` or the platform default. */
  storeSpec(): StoreSpec;
  /** Opens that store (once) and returns its accounts. */
  accounts(): Promise<AccountService>;
  /** Standard input, for `import -` and the host loop. */
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Absolute path of the bundled host script that launchers run. */
  hostScript: string;
  version: string;
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One `twofold` subcommand. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: Options;
  /** The host takes whatever the browser passes (origin, window handle). */
  lenient?: boolean;
  /** Resolves to the exit status; `undefined` means 0. */
  run(args: ParsedArgs, context: CliContext): Promise<number> | Promise<void>;
}
