import * as z from "zod/mini";
import { ErrorBody } from "./error-codes";

/** Request ids are chosen by the client; the host echoes them. */
export const RequestId = z.union([z.string().check(z.maxLength(64)), z.number().check(z.int())]);

/** A request before its method's params are checked. */
export const RequestEnvelope = z.object({
  id: RequestId,
  method: z.string().check(z.maxLength(64)),
  params: z.optional(z.unknown()),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

/** A reply before its result is checked against the method's schema. */
export const ReplyEnvelope = z.discriminatedUnion("ok", [
  z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() }),
  // id is null when the request was too broken to have one.
  z.object({ id: z.nullable(RequestId), ok: z.literal(false), error: ErrorBody }),
]);
export type ReplyEnvelope = z.infer<typeof ReplyEnvelope>;
