import { parseArgs } from "node:util";
import { UsageError } from "./args";
import { closestWord } from "./closest-word";
import type { Options, ParsedArgs } from "./command";

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  store: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

interface Target {
  name: string;
  usage: string;
  options?: Options;
  maxPositionals?: number;
  /** Take anything (the host: browsers pass their own arguments); only the known options are read. */
  lenient?: boolean;
}

/**
 * Parses a command's arguments, and reports any mistake in Twofold's own
 * words, on one line, with the option that was probably meant: Node's
 * strict parser would throw several lines of its own text (about `--`
 * and quoting) that help nobody at a prompt.
 */
export function parseCommandArgs(args: readonly string[], command: Target): ParsedArgs {
  const options: Options = { ...GLOBAL_OPTIONS, ...command.options };
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  if (command.lenient) return { values, positionals };
  const help = `Run \`twofold ${command.name} --help\` for its options.`;
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (option === undefined) {
      const known = Object.keys(options);
      const guess = token.rawName.startsWith("--") ? closestWord(token.name, known) : undefined;
      throw new UsageError(
        `${command.name} has no option ${token.rawName}${guess ? `; did you mean --${guess}?` : ""}`,
        guess ? command.usage : help,
      );
    }
    if (option.type === "boolean" && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value (got "${token.value}")`, command.usage);
    }
    if (option.type === "string") {
      // Non-strict parsing takes the next word even when it is another option: `--at --json`.
      const value = token.value;
      if (value === undefined || (!token.inlineValue && value.startsWith("--") && value.length > 2)) {
        throw new UsageError(`${token.rawName} needs a value`, command.usage);
      }
    }
  }
  const allowed = command.maxPositionals ?? 0;
  const extra = positionals[allowed];
  if (extra !== undefined) {
    const what = allowed === 0 ? `${command.name} takes no arguments` : `unexpected argument`;
    throw new UsageError(`${what} (got "${extra}")`, command.usage);
  }
  return { values, positionals };
}
