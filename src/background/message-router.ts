import type { Reply } from "../messaging/content-messages";
import { ContentRequestSchema, MenuRequestSchema } from "../messaging/content-request-schema";
import { pageMessageOf } from "../messaging/page-messages";
import { parseRequest } from "../messaging/parse-request";
import { toReply } from "../messaging/reply";
import { TwofoldError } from "../protocol/twofold-error";
import type { FrameSender } from "./frame-policy";
import type { TwofoldBackground } from "./twofold-background";

export interface MessageSender extends FrameSender {
  id?: string | undefined;
  tab?: (FrameSender["tab"] & { windowId?: number | undefined }) | undefined;
}

/**
 * Routes one runtime message to the background service. Nothing is trusted:
 * the message is parsed from `unknown`, extension-page requests must come
 * from this extension's own pages, and content requests must come from a
 * tab (the frame's address is taken from the sender, never the message).
 */
export function routeMessage(
  message: unknown,
  sender: MessageSender,
  background: TwofoldBackground,
  self: { id: string; origin: string; menuUrl: string },
): Promise<Reply<unknown>> | undefined {
  if (sender.id !== self.id) return undefined;
  const type = typeof message === "object" && message !== null ? (message as { type?: unknown }).type : undefined;
  if (typeof type !== "string") return undefined;

  if (type.startsWith("page.")) {
    return toReply(async () => {
      // A content script's sender.url is the web page's, so this admits only our own pages.
      if (!sender.url?.startsWith(self.origin))
        throw new TwofoldError("ACCESS_DENIED", "Only Twofold's own pages may send this message.");
      const page = pageMessageOf(type);
      if (page === undefined)
        throw new TwofoldError(
          "BAD_REQUEST",
          "Twofold's background does not know this message. Close and reopen the page; if the extension was just updated, reload it.",
        );
      return page.handle(background, parseRequest(page.request, message), sender);
    });
  }

  if (type.startsWith("menu.")) {
    return toReply(async () => {
      // The inline menu is our own page, framed inside a tab's page.
      if (!sender.url?.startsWith(self.menuUrl) || sender.tab === undefined)
        throw new TwofoldError("ACCESS_DENIED", "Only Twofold's inline menu may send this message.");
      const request = parseRequest(MenuRequestSchema, message);
      switch (request.type) {
        case "menu.accounts":
          return background.menuAccounts(sender, request.token);
        case "menu.pick":
          return background.menuPick(sender, request.token, request.accountId);
        case "menu.close":
          return background.menuClose(sender, request.token);
      }
    });
  }

  if (type.startsWith("content.")) {
    return toReply(async () => {
      if (sender.tab === undefined) throw new TwofoldError("ACCESS_DENIED", "Content requests come only from tabs.");
      const request = parseRequest(ContentRequestSchema, message);
      switch (request.type) {
        case "content.prepare":
          return background.prepare(sender);
        case "content.lookup":
          return background.lookup(sender);
        case "content.codeFor":
          return background.codeFor(sender, request.accountId);
      }
    });
  }
  return undefined;
}
