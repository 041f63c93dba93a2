import * as z from "zod/mini";

/**
 * `hello`, the first request of every connection, on its own: the host
 * answers it before it loads the rest of the protocol (src/protocol/methods.ts
 * names these in its table like any other method's). Written with zod's mini
 * build, like the envelope and error codes: they are all the host checks
 * before its first reply, and classic zod's start-up alone would cost the
 * host's cold start more than everything else it does (bench/host-start.mjs).
 */
export const HelloParams = z.object({
  protocol: z.number().check(z.int(), z.positive()),
  client: z.optional(z.string().check(z.maxLength(100))),
});
export type HelloParams = z.infer<typeof HelloParams>;

export const HelloResult = z.object({ protocol: z.number().check(z.int()), version: z.string(), store: z.string() });
export type HelloResult = z.infer<typeof HelloResult>;
