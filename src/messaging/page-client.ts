import { browser } from "wxt/browser";
import type { ErrorBody } from "../protocol/error-codes";
import type { MethodParams, MethodResult } from "../protocol/methods";
import { TwofoldError } from "../protocol/twofold-error";
import type { Reply } from "./content-messages";
import type { PageHostMethod, PageMessageType, PageReplyOf, PageRequestOf } from "./page-messages";

/**
 * The popup's and options page's typed view of the background. Replies are
 * not parsed again here: they come from this extension's own background,
 * which built them from host replies it has already parsed with the
 * protocol's schemas. Parsing them twice cost the popup its schema library
 * (zod is most of a small page's script) and, at 1,000 accounts, tens of
 * milliseconds on every open. Only imports of types from the schema modules
 * keep it that way. An error reply is thrown as the {@link TwofoldError} it
 * describes.
 */
export const pageClient = {
  async send<T extends PageMessageType>(type: T, request: PageRequestOf<T>): Promise<PageReplyOf<T>> {
    const reply = (await browser.runtime.sendMessage({ ...(request as object), type })) as Reply<unknown> | undefined;
    if (reply === undefined)
      throw new TwofoldError("HOST_DISCONNECTED", "Twofold's background did not answer. Reload the extension.");
    if (!reply.ok) {
      throw isErrorBody(reply.error)
        ? TwofoldError.fromBody(reply.error)
        : new TwofoldError("INTERNAL", "Twofold's background sent a malformed error.");
    }
    return reply.value as PageReplyOf<T>;
  },

  /** One host method, through the background (which parsed the host's result with the method's schema). */
  async host<M extends PageHostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    return (await pageClient.send("page.host", { method, params })) as MethodResult<M>;
  },
};

/** The shape of an error reply: its text is shown to the person, so it must at least be text. */
function isErrorBody(value: unknown): value is ErrorBody {
  const body = value as Partial<Record<keyof ErrorBody, unknown>> | null;
  return typeof body === "object" && body !== null && typeof body.code === "string" && typeof body.message === "string";
}
