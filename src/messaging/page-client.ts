import { browser } from "wxt/browser";
import { ErrorBody } from "../protocol/error-codes";
import { type ImportReport, type MethodParams, type MethodResult, methods } from "../protocol/methods";
import { TwofoldError } from "../protocol/twofold-error";
import type { Reply } from "./content-messages";
import { FillTabResult, type PageHostMethod, type PageRequest, Snapshot } from "./page-messages";

/** Sends one page request to the background and unwraps its reply. */
async function send(request: PageRequest): Promise<unknown> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<unknown> | undefined;
  if (reply === undefined)
    throw new TwofoldError("HOST_DISCONNECTED", "Twofold's background did not answer. Reload the extension.");
  if (!reply.ok) {
    const body = ErrorBody.safeParse(reply.error);
    throw body.success
      ? TwofoldError.fromBody(body.data)
      : new TwofoldError("INTERNAL", "Twofold's background sent a malformed error.");
  }
  return reply.value;
}

/**
 * The popup's and options page's typed view of the background: each call's
 * reply is parsed with the same schema the host's reply was.
 */
export const pageClient = {
  async snapshot(tabId: number | undefined, refresh = false): Promise<Snapshot> {
    return Snapshot.parse(await send({ type: "page.snapshot", tabId, refresh }));
  },
  async host<M extends PageHostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    return methods[method].result.parse(await send({ type: "page.host", method, params })) as MethodResult<M>;
  },
  async fillTab(tabId: number, accountId: string, remember: boolean): Promise<boolean> {
    return FillTabResult.parse(await send({ type: "page.fillTab", tabId, accountId, remember })).filled;
  },
  async copied(code: string, clearAfterSeconds: number): Promise<void> {
    await send({ type: "page.copied", code, clearAfterSeconds });
  },
  /** Reads a QR code visible in the tab and imports it through the host. */
  async scanTab(tabId: number): Promise<ImportReport> {
    return methods.import.result.parse(await send({ type: "page.scanTab", tabId })).report;
  },
  async retry(): Promise<void> {
    await send({ type: "page.retry" });
  },
};
