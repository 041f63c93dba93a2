import { isTwofoldError } from "../../src/protocol/twofold-error";
import type { AccountService } from "../accounts/account-service";
import { currentEnvironment } from "../paths";
import { openStore } from "../stores/open-store";
import type { Store } from "../stores/store";
import { chooseStoreSpec, type StoreSpec } from "../stores/store-spec";
import { UsageError } from "./args";
import { closestWord } from "./closest-word";
import type { CliContext, Command } from "./command";
import { add } from "./commands/add";
import { bind, unbind } from "./commands/bind";
import { code } from "./commands/code";
import { doctor } from "./commands/doctor";
import { exportCommand } from "./commands/export";
import { host } from "./commands/host";
import { importCommand } from "./commands/import";
import { install, uninstall } from "./commands/install";
import { list } from "./commands/list";
import { migrate } from "./commands/migrate";
import { pin, unpin } from "./commands/pin";
import { remove } from "./commands/remove";
import { commandHelp, globalHelp } from "./help-text";
import { GLOBAL_OPTIONS, parseCommandArgs } from "./parse-command-args";

declare const TWOFOLD_VERSION: string;

/** Every command, in the order `twofold help` lists them. */
export const COMMANDS: readonly Command[] = [
  add,
  list,
  code,
  bind,
  unbind,
  pin,
  unpin,
  remove,
  importCommand,
  exportCommand,
  migrate,
  install,
  uninstall,
  doctor,
  host,
];

const HELP_HINT = "Run `twofold help` for the list of commands.";

/**
 * Runs one `twofold` command. `entry` is what the launchers should start:
 * the bundle's loader (dist/twofold.mjs), or the single executable itself
 * (`process.execPath` there). Exit statuses: 0 done,
 * 1 failed, 2 used wrongly. Every error is one line on stderr.
 */
export async function main(argv: readonly string[], entry: string): Promise<number> {
  const debug = argv.includes("--debug");
  let store: Store | undefined;
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined) {
      process.stdout.write(globalHelp(COMMANDS));
      return 2;
    }
    if (name === "help" || name === "--help" || name === "-h") {
      const [topic] = parseCommandArgs(rest, {
        name: "help",
        usage: "twofold help [COMMAND]",
        maxPositionals: 1,
      }).positionals;
      process.stdout.write(topic === undefined ? globalHelp(COMMANDS) : commandHelp(findCommand(topic)));
      return 0;
    }
    if (name === "--version" || name === "version") {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = findCommand(name);
    const parsed = parseCommandArgs(rest, command);
    if (parsed.values.help === true) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    const environment = currentEnvironment();
    const storeArgument = typeof parsed.values.store === "string" ? parsed.values.store : undefined;
    let spec: StoreSpec | undefined;
    let accounts: Promise<AccountService> | undefined;
    const context: CliContext = {
      environment,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      storeSpec: () => {
        spec ??= storeSpecFrom(storeArgument, environment);
        return spec;
      },
      accounts: () => {
        // Loaded on first use: the host answers hello before it needs accounts, codes or domains.
        accounts ??= Promise.all([
          openStore(context.storeSpec(), environment),
          import("../accounts/account-service"),
        ]).then(([opened, { AccountService }]) => {
          store = opened;
          return new AccountService(opened);
        });
        return accounts;
      },
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      storeArgument,
      hostScript: entry,
      version: version(),
    };
    const status = await command.run(parsed, context);
    return typeof status === "number" ? status : 0;
  } catch (error) {
    process.stderr.write(`twofold: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}

/** The command called `name`, or a usage error naming the one probably meant. */
function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  if (name.startsWith("-")) {
    const guess = closestWord(name.replace(/^-+/, ""), Object.keys(GLOBAL_OPTIONS));
    throw new UsageError(
      `${name} is not an option that goes before the command${guess ? `; did you mean --${guess}?` : ""}`,
      "Usage: twofold [--store SPEC] COMMAND [ARGUMENTS] [OPTIONS]",
    );
  }
  const guess = closestWord(
    name,
    COMMANDS.map((candidate) => candidate.name),
  );
  throw new UsageError(`unknown command "${name}"${guess ? `; did you mean \`${guess}\`?` : ""}`, HELP_HINT);
}

/**
 * Separates the command from global options written before it
 * (`twofold --store file:v add URI`); those are passed on after it.
 */
function splitCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? "";
    if (arg === "--store" && index + 1 < argv.length) {
      leading.push(arg, argv[index + 1] ?? "");
      index += 2;
    } else if (arg.startsWith("--store=") || arg === "--debug") {
      leading.push(arg);
      index += 1;
    } else {
      break;
    }
  }
  const name = argv[index];
  return { name, rest: [...argv.slice(index + 1), ...leading] };
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

function version(): string {
  return typeof TWOFOLD_VERSION === "string" ? TWOFOLD_VERSION : "0.0.0-dev";
}
