import { z } from "zod";

/**
 * `hello`, the first request of every connection, on its own: the host
 * answers it before it loads the rest of the protocol (src/protocol/methods.ts
 * names these in its table like any other method's).
 */
export const HelloParams = z.object({ protocol: z.number().int().positive(), client: z.string().max(100).optional() });
export type HelloParams = z.infer<typeof HelloParams>;

export const HelloResult = z.object({ protocol: z.number().int(), version: z.string(), store: z.string() });
export type HelloResult = z.infer<typeof HelloResult>;
