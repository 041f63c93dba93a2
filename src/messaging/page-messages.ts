import { z } from "zod";
import { AccountSummary } from "../otp/account";
import { ErrorBody } from "../protocol/error-codes";
import { Code, type MethodName } from "../protocol/methods";
import { Settings } from "../settings/settings";

/**
 * The host methods extension pages (popup, options) may call through the
 * background. Content scripts may call none of them.
 */
export const PAGE_HOST_METHODS = [
  "accounts.list",
  "codes.get",
  "accounts.add",
  "accounts.remove",
  "accounts.setPinned",
  "accounts.setDomains",
  "accounts.setSharedSites",
  "accounts.remember",
  "hotp.advance",
  "import",
  "store.status",
  "doctor",
] as const satisfies readonly MethodName[];
export type PageHostMethod = (typeof PAGE_HOST_METHODS)[number];

/** What the popup shows the moment it opens, straight from the background's cache. */
export const Snapshot = z.object({
  /** `null` when the host answered; otherwise why it could not. */
  error: ErrorBody.nullable(),
  accounts: z.array(AccountSummary),
  codes: z.record(z.string(), Code),
  /** Accounts bound to the active tab, most specific first. */
  tabMatches: z.array(z.string()),
  /** The active tab's address, when it is a page codes can be filled into. */
  tabUrl: z.string().nullable(),
  settings: Settings,
  /** The host's store and version, once it has said hello. */
  store: z.string().nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** Extension page → background messages, validated by the background. */
export const PageRequest = z.discriminatedUnion("type", [
  z.object({ type: z.literal("page.snapshot"), tabId: z.number().int().optional(), refresh: z.boolean().optional() }),
  z.object({ type: z.literal("page.host"), method: z.enum(PAGE_HOST_METHODS), params: z.unknown() }),
  z.object({
    type: z.literal("page.fillTab"),
    tabId: z.number().int(),
    accountId: z.string(),
    remember: z.boolean(),
  }),
  z.object({
    type: z.literal("page.copied"),
    code: z.string().max(16),
    clearAfterSeconds: z.number().int().min(0).max(600),
  }),
  z.object({ type: z.literal("page.retry") }),
  z.object({ type: z.literal("page.scanTab"), tabId: z.number().int() }),
]);
export type PageRequest = z.infer<typeof PageRequest>;

export const FillTabResult = z.object({ filled: z.boolean() });
