import { asTwofoldError } from "../protocol/twofold-error";
import type { Reply } from "./content-messages";

/** Wraps a handler's outcome so errors cross `runtime.sendMessage` as data. */
export async function toReply<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: asTwofoldError(error).toBody() };
  }
}
