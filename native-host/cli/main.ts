import { parseArgs } from "node:util";
import { isTwofoldError, TwofoldError } from "../../src/protocol/twofold-error";
import type { AccountService } from "../accounts/account-service";
import { currentEnvironment } from "../paths";
import { openStore } from "../stores/open-store";
import type { Store } from "../stores/store";
import { chooseStoreSpec, STORE_KINDS, type StoreSpec } from "../stores/store-spec";
import { UsageError } from "./args";
import type { CliContext, Command } from "./command";
import { add } from "./commands/add";
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

declare const TWOFOLD_VERSION: string;

const COMMANDS: readonly Command[] = [
  add,
  list,
  code,
  remove,
  pin,
  unpin,
  importCommand,
  exportCommand,
  migrate,
  install,
  uninstall,
  doctor,
  host,
];

const GLOBAL_OPTIONS = {
  store: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs one `twofold` command. `entry` is the script the launchers should
 * start: the bundle's loader (dist/twofold.mjs). Exit statuses: 0 done,
 * 1 failed, 2 used wrongly.
 */
export async function main(argv: readonly string[], entry: string): Promise<number> {
  const debug = argv.includes("--debug");
  let store: Store | undefined;
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      process.stdout.write(helpText());
      return name === undefined ? 2 : 0;
    }
    if (name === "--version") {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command === undefined)
      throw new TwofoldError("BAD_REQUEST", `Unknown command "${name}". Run \`twofold help\` for the list.`);
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: !command.lenient,
    });
    if (parsed.values.help === true) {
      process.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    const environment = currentEnvironment();
    const storeFlag = typeof parsed.values.store === "string" ? parsed.values.store : undefined;
    let spec: StoreSpec | undefined;
    let accounts: Promise<AccountService> | undefined;
    const context: CliContext = {
      environment,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      storeSpec: () => {
        spec ??= chooseStoreSpec(storeFlag, environment);
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
      hostScript: entry,
      version: version(),
    };
    const status = await command.run({ values: parsed.values, positionals: parsed.positionals }, context);
    return typeof status === "number" ? status : 0;
  } catch (error) {
    process.stderr.write(`twofold: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return isUsageError(error) ? 2 : 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
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
    if (arg === "--store") {
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

function describeError(error: unknown): string {
  if (isTwofoldError(error)) return error.message;
  if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    return `${error.message}. Run \`twofold help\` for usage.`;
  }
  return `unexpected error: ${error instanceof Error ? error.message : String(error)} (run again with --debug for details)`;
}

function isUsageError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
  );
}

function version(): string {
  return typeof TWOFOLD_VERSION === "string" ? TWOFOLD_VERSION : "0.0.0-dev";
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    "Twofold: two-factor codes from your keychain, filled by your browser.",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    "",
    `Every command takes --store SPEC (or env TWOFOLD_STORE): ${STORE_KINDS.join(", ")}.`,
    "Add --debug to see stack traces.",
    "",
  ].join("\n");
}
