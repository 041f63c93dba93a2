import { UsageError } from "./args";
import { closestWord } from "./closest-word";
import type { Command } from "./command";
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
import { openAccounts } from "./open-accounts";
import { GLOBAL_OPTIONS, parseCommandArgs } from "./parse-command-args";
import { HELP_HINT, reportError, runCommand, twofoldVersion } from "./run-command";

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

/**
 * Runs one `twofold` command. `entry` is what the launchers should start:
 * the bundle's loader (dist/twofold.cjs), or the single executable itself
 * (`process.execPath` there). Exit statuses: 0 done,
 * 1 failed, 2 used wrongly. Every error is one line on stderr.
 */
export async function main(argv: readonly string[], entry: string): Promise<number> {
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
      process.stdout.write(`${twofoldVersion()}\n`);
      return 0;
    }
    return await runCommand(findCommand(name), rest, { entry, openAccounts });
  } catch (error) {
    return reportError(error, argv.includes("--debug"));
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
