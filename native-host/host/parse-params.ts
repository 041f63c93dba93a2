import type { z } from "zod";
import { TwofoldError } from "../../src/protocol/twofold-error";

/** A method's params parsed with its schema, or `BAD_REQUEST` naming the first problem. */
export function parseParams<T extends z.ZodType>(method: string, schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new TwofoldError("BAD_REQUEST", `Invalid params for ${method}${where}: ${issue?.message ?? "invalid"}.`);
}
