import { STORE_KINDS } from "../stores/store-spec";
import type { Command, HelpDetail } from "./command";

/** Help fits a standard 80-column terminal. */
export const HELP_WIDTH = 80;

/** `twofold help`: every command in a word or two, and what they all take. */
export function globalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Twofold: two-factor codes from your keychain, filled by your browser.",
    "",
    "Usage: twofold COMMAND [ARGUMENTS] [OPTIONS]",
    "",
    "Commands:",
    ...commands.flatMap((command) => hang(`  ${command.name.padEnd(width)}  `, command.summary)),
    "",
    "Options every command takes:",
    ...hang("  --store SPEC  ", `where accounts are kept: ${STORE_KINDS.join(", ")} (or set TWOFOLD_STORE)`),
    ...hang("  --debug       ", "print stack traces with errors"),
    ...hang("  --help        ", "explain one command: twofold COMMAND --help"),
    "",
    "Exit status: 0 done, 1 failed, 2 used wrongly.",
    "",
  ].join("\n");
}

/** `twofold COMMAND --help`: its usage, what it does, and its options. */
export function commandHelp(command: Command): string {
  return [
    ...hang("Usage: ", command.usage),
    "",
    ...wrap(`${command.summary[0]?.toUpperCase() ?? ""}${command.summary.slice(1)}.`, HELP_WIDTH),
    ...detailLines(command.details ?? []),
    "",
  ].join("\n");
}

function detailLines(details: readonly HelpDetail[]): string[] {
  const terms = details.filter((detail) => typeof detail !== "string");
  const width = Math.max(0, ...terms.map(([term]) => term.length));
  const lines: string[] = [];
  for (const [index, detail] of details.entries()) {
    if (typeof detail === "string") {
      lines.push("", ...wrap(detail, HELP_WIDTH));
    } else {
      if (index === 0 || typeof details[index - 1] === "string") lines.push("");
      lines.push(...hang(`  ${detail[0].padEnd(width)}  `, detail[1]));
    }
  }
  return lines;
}

/** `text` wrapped after `lead`, continued lines indented to line up under it. */
export function hang(lead: string, text: string): string[] {
  const lines = wrap(text, HELP_WIDTH - lead.length);
  return lines.map((line, index) => `${index === 0 ? lead : " ".repeat(lead.length)}${line}`);
}

/** Breaks `text` at spaces into lines of at most `width` characters (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
