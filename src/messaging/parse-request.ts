import type { z } from "zod";
import { TwofoldError } from "../protocol/twofold-error";

/**
 * Parses a message that crossed into the background from `unknown`; anything
 * that does not fit becomes a `BAD_REQUEST`, without echoing what was sent.
 */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new TwofoldError("BAD_REQUEST", "Twofold received a malformed message.");
  return result.data;
}
