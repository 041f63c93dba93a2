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
  /** Standard input, for `add -`, `import -` and the host loop. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  /** Standard error, for a prompt that must not end its line. */
  stderr?: NodeJS.WritableStream;
  /** `--store SPEC` as typed, so that a suggested command can repeat it. */
  storeArgument?: string | undefined;
  /** What launchers start: the bundle's loader script, or the single executable itself. */
  hostScript: string;
  version: string;
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A paragraph of help, or a term (an option, a variable) and what it means. */
export type HelpDetail = string | readonly [term: string, meaning: string];

/** One `twofold` subcommand. */
export interface Command {
  name: string;
  /** One line, without options every command takes (`--store`, `--debug`). */
  usage: string;
  /** What it does, in a few words, for the list of commands. */
  summary: string;
  /** What `twofold COMMAND --help` says below the summary: notes, and each option or variable. */
  details?: readonly HelpDetail[];
  options?: Options;
  /** How many positional arguments it takes; 0 when unset. */
  maxPositionals?: number;
  /** The host takes whatever the browser passes (origin, window handle). */
  lenient?: boolean;
  /** Resolves to the exit status; `undefined` means 0. */
  run(args: ParsedArgs, context: CliContext): Promise<number> | Promise<void>;
}
