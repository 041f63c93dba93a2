import type { z } from "zod";
import { checkJsonShape, type JsonShapeLimits } from "../../../src/protocol/check-json-shape";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import type { ImportInput } from "../import-types";
import { notThisFormat } from "./format-errors";
import { entryError } from "./otp-fields";

/**
 * How much structure an import's JSON may have. No export Twofold reads
 * nests past a handful of levels; 10,000 accounts of the most verbose format
 * (Bitwarden) hold about 400,000 values. Parsing costs about 100 bytes of
 * memory per value, so this bounds an import's JSON to about 100 MB.
 */
export const IMPORT_JSON_LIMITS: JsonShapeLimits = { maxDepth: 64, maxValues: 1_000_000 };

const NOT_JSON = Symbol("not JSON");
/** Why JSON was not parsed at all: too deep or too large. */
class TooComplex {
  constructor(readonly why: string) {}
}
const parsedInputs = new WeakMap<ImportInput, unknown>();

/**
 * The input's JSON value, or `undefined` when it is not JSON (or too complex
 * to parse: {@link readJson} says so). Parsed once per input however many
 * importers ask, since each JSON format's `detect` looks at the value and a
 * large file should not be parsed six times.
 */
export function jsonOf(input: ImportInput): unknown {
  if (!parsedInputs.has(input)) parsedInputs.set(input, parseOrMark(input));
  const value = parsedInputs.get(input);
  return value === NOT_JSON || value instanceof TooComplex ? undefined : value;
}

/**
 * Why the input's JSON is too deep or too large to parse ("nests deeper
 * than 64 levels"), or `null`. Checked on the bytes,
 * before anything is parsed.
 */
export function jsonTooComplex(input: ImportInput): string | null {
  if (!parsedInputs.has(input)) parsedInputs.set(input, parseOrMark(input));
  const value = parsedInputs.get(input);
  return value instanceof TooComplex ? value.why : null;
}

function parseOrMark(input: ImportInput): unknown {
  if (input.text === null) return NOT_JSON;
  const trimmed = input.text.replace(/^\uFEFF/, "").trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return NOT_JSON;
  const tooComplex = checkJsonShape(input.bytes, IMPORT_JSON_LIMITS);
  if (tooComplex !== null) return new TooComplex(tooComplex);
  try {
    return JSON.parse(trimmed);
  } catch {
    return NOT_JSON;
  }
}

/**
 * JSON that a format keeps inside its file (decrypted contents), checked for
 * shape before it is parsed. `what` names it in messages, as a plural
 * ("its decrypted contents").
 */
export function parseInnerJson(bytes: Buffer, format: string, what: string): unknown {
  const tooComplex = checkJsonShape(bytes, IMPORT_JSON_LIMITS);
  if (tooComplex !== null) throw tooComplexError(`This ${format} ${tooComplex} once decrypted`);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw notThisFormat(format, `${what} are not JSON`);
  }
}

/** JSON too deep or too large to parse safely; `why` is a sentence without its full stop. */
export function tooComplexError(why: string): TwofoldError {
  return new TwofoldError(
    "TOO_LARGE",
    `${why}; no export Twofold reads does, so it was not read. Nothing was imported; check that this is the export you meant.`,
  );
}

/**
 * The input validated against a format's top-level `schema` (zod at the
 * boundary), or `IMPORT_INVALID` naming the first field that is wrong.
 */
export function readJson<T extends z.ZodType>(input: ImportInput, schema: T, format: string): z.infer<T> {
  const tooComplex = jsonTooComplex(input);
  if (tooComplex !== null) throw tooComplexError(`This file ${tooComplex}`);
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
