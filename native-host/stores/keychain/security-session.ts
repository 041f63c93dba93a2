import type { AccountRecord } from "../../../src/otp/account";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { itemLabel } from "../store-writes";

/**
 * Talking to `security -i`: the lines it reads, the output it prints, and
 * how each command's result is found in it. Pure functions: the process is
 * `security-tool.ts`, the Store logic `../keychain-store.ts`.
 */

/**
 * `security -i` reads each command into a 4096-byte buffer (security.c
 * MAX_LINE_LEN, readline.c): a longer line is cut at 4095 bytes and the rest
 * runs as a command of its own. So no line may be longer.
 */
export const MAX_COMMAND_BYTES = 4095;
export const PROMPT = "security> ";
export const MARK = "twofold-mark-";
export const LABEL_ATTRIBUTE = "0x00000007";

/** How one command of an interactive session ended. */
export interface Outcome {
  /** 0, an OSStatus (-25300) as `security -i` reports it, or a tool error (1, 2). */
  status: number;
  /** The `security: …` lines the command printed, for messages. */
  detail: string;
}

export interface Finished {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The label Keychain Access shows: printable ASCII, so that no byte is at the mercy of security's parser. */
export function keychainLabel(record: Pick<AccountRecord, "issuer" | "label">): string {
  const text = itemLabel(record)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/gu, "?");
  return text.length > 128 ? `${text.slice(0, 125)}...` : text;
}

/**
 * The record as stored: JSON with every character outside printable ASCII
 * escaped as \uXXXX, because `find-generic-password -w` prints a value with
 * any other byte as bare hex (docs/architecture.md, "macOS keychains").
 */
export function encodeValue(record: AccountRecord): string {
  return JSON.stringify(record).replace(
    /[^\x20-\x7e]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A password as `find-generic-password -w` printed it: as it is when every
 * byte is printable, else as hex from `printf("%02x", password[i])` over a
 * signed `char`, so a byte >= 0x80 prints as `ffffffXX` (keychain_find.c
 * do_password_item_printing). JSON starts with `{`; hex never does. Null when
 * the line is neither.
 */
export function decodePrinted(line: string): string | null {
  if (line.startsWith("{")) return line;
  if (!/^[0-9a-f]+$/.test(line)) return null;
  const bytes: number[] = [];
  for (let at = 0; at < line.length; ) {
    const extended = /^ffffff[89a-f][0-9a-f]/.test(line.slice(at, at + 8));
    const pair = extended ? line.slice(at + 6, at + 8) : line.slice(at, at + 2);
    if (pair.length !== 2) return null;
    bytes.push(Number.parseInt(pair, 16));
    at += extended ? 8 : 2;
  }
  return Buffer.from(bytes).toString("utf8");
}

/** One item of `dump-keychain` / `find-generic-password` output. */
export interface PrintedItem {
  itemClass: string | null;
  /** Attribute tag as printed (`"acct"`, `0x00000007`) → value, null for `<NULL>`. */
  attributes: Map<string, string | null>;
}

/**
 * Parses print_keychain_item_attributes output (keychain_utilities.c):
 * `keychain: "…"`, `class: "genp"`, `attributes:`, then one
 * `    TAG<format>=VALUE` line per attribute.
 */
export function parseItems(text: string): PrintedItem[] {
  const items: PrintedItem[] = [];
  let current: PrintedItem | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("keychain: ")) {
      current = { itemClass: null, attributes: new Map() };
      items.push(current);
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith("class: ")) {
      current.itemClass = decodeBuffer(line.slice("class: ".length));
      continue;
    }
    const match = /^\s+(0x[0-9A-Fa-f]+|"[^"]*")\s*<\w+>=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) current.attributes.set(match[1], decodeBuffer(match[2]));
  }
  return items;
}

/** A print_buffer value: `<NULL>`, `"text"` with \ooo escapes, or `0xHEX` with or without the text after it. */
export function decodeBuffer(printed: string): string | null {
  if (printed === "<NULL>") return null;
  const hex = /^0x([0-9A-Fa-f]*)/.exec(printed);
  if (hex?.[1] !== undefined) return Buffer.from(hex[1], "hex").toString("utf8");
  if (!printed.startsWith('"') || !printed.endsWith('"') || printed.length < 2) return null;
  const bytes = printed
    .slice(1, -1)
    .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/**
 * Splits a session's stderr at the `twofold-mark-N: returned 1` lines. Null
 * when a mark is missing: security stopped early, or a line was split.
 */
export function parseOutcomes(stderr: string, count: number): Outcome[] | null {
  const text = stripPrompts(stderr);
  const outcomes: Outcome[] = [];
  let start = 0;
  for (const mark of text.matchAll(/twofold-mark-(\d+): returned -?\d+/g)) {
    if (Number(mark[1]) !== outcomes.length) return null;
    const segment = text.slice(start, mark.index).replace(/(?:security: )?unknown command "twofold-mark-\d+"\n?/g, "");
    const returned = [...segment.matchAll(/([a-z]+(?:-[a-z]+)+): returned (-?\d+)/g)].at(-1);
    outcomes.push({ status: returned?.[2] === undefined ? 0 : Number(returned[2]), detail: securityLines(segment) });
    start = mark.index + mark[0].length;
  }
  return outcomes.length === count ? outcomes : null;
}

/** The `security: …` message lines of some stderr, without the prefix. */
export function securityLines(text: string): string {
  return text
    .split("\n")
    .filter((line) => line.startsWith("security: "))
    .map((line) => line.slice("security: ".length))
    .join(" ");
}

export function stripPrompts(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let rest = line;
      while (rest.startsWith(PROMPT)) rest = rest.slice(PROMPT.length);
      return rest;
    })
    .join("\n");
}

/** stdout as lines, prompts removed, without the empty string after the last "\n". */
export function outputLines(stdout: string): string[] {
  const lines = stripPrompts(stdout).split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export function outcomeAt(outcomes: readonly Outcome[], index: number): Outcome {
  const outcome = outcomes[index];
  if (outcome === undefined)
    throw new TwofoldError("INTERNAL", `No outcome for command ${index} of a security session.`);
  return outcome;
}

export function lineAt(lines: readonly string[], index: number): string {
  const line = lines[index];
  if (line === undefined) {
    throw new TwofoldError(
      "STORE_UNAVAILABLE",
      "macOS's security tool printed fewer passwords than it reported found. Try again; if it repeats, report it with your macOS version.",
    );
  }
  return line;
}

/**
 * Double-quotes an argument for security's split_line: inside quotes only
 * `"` and `\` are special, and `\` takes the next character as it is. A line
 * break would end the command, so it cannot be quoted.
 */
export function quoteArg(value: string): string {
  if (value.includes("\n") || value.includes("\u0000")) {
    throw new TwofoldError("BAD_REQUEST", "A keychain name or label may not contain a line break or a NUL character.");
  }
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
