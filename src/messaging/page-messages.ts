import { z } from "zod";
import type { TwofoldBackground } from "../background/twofold-background";
import { AccountSummary } from "../otp/account";
import { ErrorBody } from "../protocol/error-codes";
import { Code, type MethodName, type MethodParams, methods } from "../protocol/methods";
import { Settings } from "../settings/settings";
import { parseRequest } from "./parse-request";

/** The host methods that only read and that extension pages show. */
const PAGE_READS = ["accounts.list", "codes.get", "store.status", "doctor"] as const satisfies readonly MethodName[];

type WriteMethod = { [M in MethodName]: (typeof methods)[M]["mutates"] extends true ? M : never }[MethodName];

/**
 * The host methods extension pages (popup, options) may call through the
 * background: the reads they show, and every method that writes (all writes
 * are a person's, made in those pages). Content scripts may call none.
 */
export type PageHostMethod = (typeof PAGE_READS)[number] | WriteMethod;
export const PAGE_HOST_METHODS = [
  ...PAGE_READS,
  ...(Object.keys(methods) as MethodName[]).filter((name): name is WriteMethod => methods[name].mutates),
] as [PageHostMethod, ...PageHostMethod[]];

/** What the popup shows the moment it opens, straight from the background's cache. */
export const Snapshot = z.object({
  /** `null` when the host answered; otherwise why it could not. */
  error: z.nullable(ErrorBody),
  accounts: z.array(AccountSummary),
  codes: z.record(z.string(), Code),
  /** Accounts bound to the active tab, most specific first. */
  tabMatches: z.array(z.string()),
  /** The tab the snapshot describes (the one the popup fills and scans), if there is one. */
  tabId: z.number().int().nullable(),
  /** The active tab's address, when it is a page codes can be filled into. */
  tabUrl: z.string().nullable(),
  settings: Settings,
  /** The host's store and version, once it has said hello. */
  store: z.string().nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/**
 * One message an extension page sends the background: what it carries (its
 * `type` aside), what comes back, and how the background answers it.
 */
export interface PageMessage<Request, Result> {
  /** Checked by the background before `handle` sees it. */
  request: z.ZodType<Request>;
  /**
   * What the background answers. Pages take it as this type without parsing
   * it again: it comes from the extension's own background, which parsed
   * everything it holds from the host with the protocol's schemas.
   */
  reply: z.ZodType<Result>;
  handle(background: TwofoldBackground, request: Request, sender: PageSender): Promise<Result>;
}

/** What the browser says about the page that sent a message (never the message itself). */
export interface PageSender {
  /** Set when the page is open in a tab rather than in the toolbar's popup. */
  tab?: { windowId?: number | undefined } | undefined;
}

/** Ties one entry's request, reply and handler to the same types. */
function pageMessage<Request, Result>(message: PageMessage<Request, Result>): PageMessage<Request, Result> {
  return message;
}

/**
 * Every extension page → background message, keyed by its `type`. A message
 * is added here and nowhere else: the router answers exactly these, and a
 * message without a handler or with a mistyped reply does not compile.
 */
export const pageMessages = {
  "page.snapshot": pageMessage({
    /**
     * `tabId`: that tab. `activeTab`: the active tab of the sender's window, found by the
     * background, so the popup need not ask the browser for it before asking for its codes.
     * Neither: no tab (the options page).
     */
    request: z.object({
      tabId: z.number().int().optional(),
      activeTab: z.boolean().optional(),
      refresh: z.boolean().optional(),
    }),
    reply: Snapshot,
    handle: (background, { tabId, activeTab, refresh }, sender) =>
      background.snapshot(tabId ?? (activeTab ? { activeIn: sender.tab?.windowId ?? "focused" } : undefined), refresh),
  }),
  "page.host": pageMessage({
    request: z.object({ method: z.enum(PAGE_HOST_METHODS), params: z.unknown() }),
    // Each method's result has its own schema; the background's host client parses with it.
    reply: z.unknown(),
    handle: (background, { method, params }) =>
      background.callHost(
        method,
        parseRequest(methods[method].params as z.ZodType, params ?? {}) as MethodParams<typeof method>,
      ),
  }),
  "page.fillTab": pageMessage({
    request: z.object({ tabId: z.number().int(), accountId: z.string(), remember: z.boolean() }),
    reply: z.object({ filled: z.boolean() }),
    handle: (background, { tabId, accountId, remember }) => background.fillTab(tabId, accountId, remember),
  }),
  /** The popup copied a code: the background clears it from the clipboard later. */
  "page.copied": pageMessage({
    request: z.object({ code: z.string().max(16), clearAfterSeconds: z.number().int().min(0).max(600) }),
    reply: z.null(),
    handle: (background, { code, clearAfterSeconds }) => background.copied(code, clearAfterSeconds),
  }),
  /** Reads a QR code visible in the tab and imports it through the host. */
  "page.scanTab": pageMessage({
    request: z.object({ tabId: z.number().int() }),
    reply: methods.import.result,
    handle: (background, { tabId }) => background.scanTab(tabId),
  }),
  "page.retry": pageMessage({
    request: z.object({}),
    reply: z.null(),
    handle: async (background) => {
      background.retry();
      return null;
    },
  }),
};

export type PageMessageType = keyof typeof pageMessages;
type EntryOf<T extends PageMessageType> = (typeof pageMessages)[T];
/** What a page sends with a message of type `T`. */
export type PageRequestOf<T extends PageMessageType> = EntryOf<T> extends PageMessage<infer R, unknown> ? R : never;
/** What the background answers to a message of type `T`. */
export type PageReplyOf<T extends PageMessageType> = EntryOf<T> extends PageMessage<unknown, infer R> ? R : never;

/** The entry for a message `type` that arrived from outside, or `undefined` for a type Twofold does not know. */
export function pageMessageOf(type: string): PageMessage<unknown, unknown> | undefined {
  return Object.hasOwn(pageMessages, type) ? pageMessages[type as PageMessageType] : undefined;
}
