import { config, type core, safeParse } from "zod/mini";
import en from "zod/v4/locales/en.js";
import { TwofoldError } from "../../src/protocol/twofold-error";

// Zod's mini build says only "Invalid input" until a locale is loaded (its
// classic build loads English by itself, but the host answers hello before
// loading classic zod): a client that sends bad params is told what is wrong.
config(en());

/**
 * A method's params parsed with its schema (classic or mini zod), or
 * `BAD_REQUEST` naming the first problem.
 */
export function parseParams<T extends core.$ZodType>(method: string, schema: T, params: unknown): core.output<T> {
  const parsed = safeParse(schema, params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new TwofoldError("BAD_REQUEST", `Invalid params for ${method}${where}: ${issue?.message ?? "invalid"}.`);
}
