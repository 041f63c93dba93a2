import { isTwofoldError } from "../../src/protocol/twofold-error";
import { currentEnvironment } from "../paths";
import { chooseStoreSpec, type StoreSpec } from "../stores/store-spec";
import { UsageError } from "./args";
import type { CliContext, Command } from "./command";
import { commandHelp } from "./help-text";
import type { openAccounts } from "./open-accounts";
import { parseCommandArgs } from "./parse-command-args";

declare const TWOFOLD_VERSION: string;

export const HELP_HINT = "Run `twofold help` for the list of commands.";

/** Where a command runs from: what launchers start, and how it opens a store. */
export interface CommandRuntime {
  /** The bundle's loader script, or the single executable itself. */
  entry: string;
  /** {@link openAccounts}, loaded from wherever this bundle keeps it. */
  openAccounts: typeof openAccounts;
}

/**
 * Runs one command with the arguments after its name, and returns its exit
 * status: 0 done, 1 failed, 2 used wrongly. Kept apart from the list of
 * commands so that the host's bundle, which runs only `host`, holds no other.
 */
export async function runCommand(command: Command, rest: readonly string[], runtime: CommandRuntime): Promise<number> {
  const debug = rest.includes("--debug");
  let opened: ReturnType<typeof openAccounts> | undefined;
  try {
    const parsed = parseCommandArgs(rest, command);
    if (parsed.values.help === true) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    const environment = currentEnvironment();
    const storeArgument = typeof parsed.values.store === "string" ? parsed.values.store : undefined;
    let spec: StoreSpec | undefined;
    const context: CliContext = {
      environment,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      storeSpec: () => {
        spec ??= storeSpecFrom(storeArgument, environment);
        return spec;
      },
      accounts: () => {
        opened ??= runtime.openAccounts(context.storeSpec(), environment);
        return opened.then(({ accounts }) => accounts);
      },
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      storeArgument,
      hostScript: runtime.entry,
      version: twofoldVersion(),
    };
    const status = await command.run(parsed, context);
    return typeof status === "number" ? status : 0;
  } catch (error) {
    return reportError(error, debug);
  } finally {
    await opened?.then(({ close }) => close()).catch(() => undefined);
  }
}

/** Writes a failure as one line on stderr (and its stack with `--debug`); returns the exit status. */
export function reportError(error: unknown, debug: boolean): number {
  process.stderr.write(`twofold: ${describeError(error)}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof UsageError ? 2 : 1;
}

/** This release's version, set by the build. */
export function twofoldVersion(): string {
  return typeof TWOFOLD_VERSION === "string" ? TWOFOLD_VERSION : "0.0.0-dev";
}

/** A mistyped `--store` or `TWOFOLD_STORE` is a usage error, like any other option. */
function storeSpecFrom(argument: string | undefined, environment: CliContext["environment"]): StoreSpec {
  try {
    return chooseStoreSpec(argument, environment);
  } catch (error) {
    if (isTwofoldError(error, "BAD_REQUEST")) {
      const source = argument === undefined ? "TWOFOLD_STORE" : "--store";
      throw new UsageError(`${source}: ${error.message.replace(/\.$/, "")}`, HELP_HINT);
    }
    throw error;
  }
}

function describeError(error: unknown): string {
  if (isTwofoldError(error)) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)} (run again with --debug for details)`;
}
