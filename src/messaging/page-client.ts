import { browser } from "wxt/browser";
import { ErrorBody } from "../protocol/error-codes";
import { type MethodParams, type MethodResult, methods } from "../protocol/methods";
import { TwofoldError } from "../protocol/twofold-error";
import type { Reply } from "./content-messages";
import {
  type PageHostMethod,
  type PageMessageType,
  type PageReplyOf,
  type PageRequestOf,
  pageMessages,
} from "./page-messages";

/**
 * The popup's and options page's typed view of the background: each call's
 * reply is parsed with the schema its message declares, and an error reply
 * is thrown as the {@link TwofoldError} it describes.
 */
export const pageClient = {
  async send<T extends PageMessageType>(type: T, request: PageRequestOf<T>): Promise<PageReplyOf<T>> {
    const reply = (await browser.runtime.sendMessage({ ...(request as object), type })) as Reply<unknown> | undefined;
    if (reply === undefined)
      throw new TwofoldError("HOST_DISCONNECTED", "Twofold's background did not answer. Reload the extension.");
    if (!reply.ok) {
      const body = ErrorBody.safeParse(reply.error);
      throw body.success
        ? TwofoldError.fromBody(body.data)
        : new TwofoldError("INTERNAL", "Twofold's background sent a malformed error.");
    }
    const parsed = pageMessages[type].reply.safeParse(reply.value);
    if (!parsed.success)
      throw new TwofoldError("INTERNAL", "Twofold's background sent a malformed reply. Reload the extension.");
    return parsed.data as PageReplyOf<T>;
  },

  /** One host method, through the background; the result is parsed with the method's own schema. */
  async host<M extends PageHostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    return methods[method].result.parse(await pageClient.send("page.host", { method, params })) as MethodResult<M>;
  },
};
