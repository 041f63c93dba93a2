import { TwofoldError } from "../../src/protocol/twofold-error";
import type { ParsedArgs } from "./command";

/** The one positional argument a command needs, or a usage error naming it. */
export function positional(args: ParsedArgs, index: number, name: string, usage: string): string {
  const value = args.positionals[index];
  if (value === undefined || value === "") throw usageError(`missing ${name}`, usage);
  return value;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * A command used wrongly: exit status 2. Its message is one line: the
 * problem, then the usage line or another hint at what to type instead.
 */
export class UsageError extends TwofoldError {
  constructor(problem: string, usageOrHint: string) {
    const hint = usageOrHint.startsWith("twofold ") ? `Usage: ${usageOrHint}` : usageOrHint;
    super("BAD_REQUEST", `${problem}${/[.?!]$/.test(problem) ? "" : "."} ${hint}`);
  }
}

export function usageError(problem: string, usageOrHint: string): UsageError {
  return new UsageError(problem, usageOrHint);
}
