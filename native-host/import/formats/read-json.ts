import type { z } from "zod";
import type { ImportInput } from "../import-types";
import { notThisFormat } from "./format-errors";
import { entryError } from "./otp-fields";

const NOT_JSON = Symbol("not JSON");
const parsedInputs = new WeakMap<ImportInput, unknown>();

/**
 * The input's JSON value, or `undefined` when it is not JSON. Parsed once per
 * input however many importers ask, since each JSON format's `detect` looks
 * at the value and a 64 MiB file should not be parsed six times.
 */
export function jsonOf(input: ImportInput): unknown {
  if (!parsedInputs.has(input)) parsedInputs.set(input, parseOrMark(input.text));
  const value = parsedInputs.get(input);
  return value === NOT_JSON ? undefined : value;
}

function parseOrMark(text: string | null): unknown {
  if (text === null) return NOT_JSON;
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return NOT_JSON;
  try {
    // V8's JSON.parse is iterative, so deeply nested input cannot overflow the stack.
    return JSON.parse(trimmed);
  } catch {
    return NOT_JSON;
  }
}

/**
 * The input validated against a format's top-level `schema` (zod at the
 * boundary), or `IMPORT_INVALID` naming the first field that is wrong.
 */
export function readJson<T extends z.ZodType>(input: ImportInput, schema: T, format: string): z.infer<T> {
  const value = jsonOf(input);
  if (value === undefined) throw notThisFormat(format, "it is not JSON");
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw notThisFormat(format, describeIssue(parsed.error));
  return parsed.data;
}

/** One entry of a file validated against `schema`; an entry-level problem otherwise. */
export function readEntry<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw entryError(`${describeIssue(parsed.error)}.`);
  return parsed.data;
}

/** True when the input is JSON that `signature` accepts: a cheap `detect`. */
export function looksLike(input: ImportInput, signature: z.ZodType): boolean {
  const value = jsonOf(input);
  return value !== undefined && signature.safeParse(value).success;
}

/** "items.3.login: expected object" — where the file is wrong, never its values. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "its content has the wrong shape";
  const path = issue.path.map(String).join(".") || "the top level";
  return `${path} is wrong (${issue.code === "invalid_type" ? `expected ${issue.expected}` : issue.code.replaceAll("_", " ")})`;
}
