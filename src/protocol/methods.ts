import { z } from "zod";
import { DomainBinding } from "../domains/domain-binding";
import { AccountId, AccountSummary } from "../otp/account";
import { HelloParams, HelloResult } from "./hello";

/** A finished code for one account. Never carries the secret. */
export const Code = z.object({
  accountId: AccountId,
  code: z.string().regex(/^[0-9A-Z]{5,8}$/),
  period: z.number().int().positive().nullable(),
  validFrom: z.number().int().nullable(),
  validUntil: z.number().int().nullable(),
  next: z.string().regex(/^[0-9A-Z]{5,8}$/),
});
export type Code = z.infer<typeof Code>;

/** An account that matches a page, with its code and the binding that matched. */
export const UrlMatch = z.object({
  account: AccountSummary,
  code: Code,
  binding: DomainBinding,
  /**
   * Labels in the matching binding; higher is more specific. A match through
   * a group of sites that share a sign-in has 1, below any binding's own.
   */
  specificity: z.number().int().positive(),
  /** Set for a match through such a group: the group's site that covers the page (`binding` is the account's). */
  sharedSite: DomainBinding.shape.host.optional(),
});
export type UrlMatch = z.infer<typeof UrlMatch>;

const Cursor = z.string().max(64);
/**
 * Unix ms at which to compute codes; defaults to the host's clock. The host
 * refuses a time more than one period from its clock: codes for any time
 * would be as good as the secret (the CLI's `code --at` is not limited).
 */
const At = z.number().int().nonnegative().optional();

export const ImportFormat = z.enum([
  "otpauth",
  "google-migration",
  "qr-image",
  "aegis",
  "2fas",
  "bitwarden",
  "andotp",
  "apple-passwords",
  "1password",
  "twofold-backup",
]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** One entry an import could not take, with where it was and why. */
export const ImportProblem = z.object({ position: z.string(), reason: z.string() });

export const ImportReport = z.object({
  format: ImportFormat,
  applied: z.boolean(),
  added: z.array(AccountSummary.pick({ issuer: true, label: true, domains: true })),
  duplicates: z.array(AccountSummary.pick({ issuer: true, label: true })),
  invalid: z.array(ImportProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** One line of `twofold doctor`. */
export const Finding = z.object({
  /** `info` is neutral: a fact that needs nothing done (a store this machine does not have). */
  level: z.enum(["ok", "info", "warn", "error"]),
  subject: z.string(),
  message: z.string(),
  fix: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const StoreStatus = z.object({
  spec: z.string(),
  ok: z.boolean(),
  message: z.string(),
});

/** What the protocol states about one method. */
interface MethodDefinition {
  params: z.core.$ZodType;
  result: z.core.$ZodType;
  /**
   * Whether the method changes accounts. The background drops its cached
   * accounts and codes after one, and extension pages may call every such
   * method (content scripts call none).
   */
  mutates: boolean;
}

/**
 * What "remember this site" binds: the page's exact `host` (the default), or
 * the registrable `site` it belongs to when the person widens it.
 */
export const RememberScope = z.enum(["host", "site"]);
export type RememberScope = z.infer<typeof RememberScope>;

/**
 * Every method of the host protocol: its params, its result and whether it
 * writes. Both ends parse with these; the Safari handler and other clients
 * speak them too.
 */
export const methods = {
  hello: { params: HelloParams, result: HelloResult, mutates: false },
  "accounts.list": {
    params: z.object({ cursor: Cursor.optional() }),
    result: z.object({ accounts: z.array(AccountSummary), cursor: Cursor.optional() }),
    mutates: false,
  },
  "codes.get": {
    params: z.object({ accountIds: z.array(AccountId).max(10_000).optional(), at: At, cursor: Cursor.optional() }),
    result: z.object({ codes: z.array(Code), cursor: Cursor.optional() }),
    mutates: false,
  },
  "codes.forUrl": {
    params: z.object({ url: z.string().max(8192), at: At }),
    result: z.object({ matches: z.array(UrlMatch) }),
    mutates: false,
  },
  "accounts.add": {
    params: z.object({
      uri: z.string().max(4096),
      domains: z.array(z.string().max(2048)).max(64).optional(),
      pinned: z.boolean().optional(),
    }),
    result: z.object({ account: AccountSummary }),
    mutates: true,
  },
  "accounts.remove": {
    params: z.object({ id: AccountId }),
    result: z.object({ removed: z.literal(true) }),
    mutates: true,
  },
  "accounts.setPinned": {
    params: z.object({ id: AccountId, pinned: z.boolean() }),
    result: z.object({ account: AccountSummary }),
    mutates: true,
  },
  "accounts.setDomains": {
    // Hosts as a person typed them; the host checks and normalises each.
    params: z.object({
      id: AccountId,
      domains: z.array(DomainBinding.extend({ host: z.string().min(1).max(2048) })).max(256),
    }),
    result: z.object({ account: AccountSummary }),
    mutates: true,
  },
  /** Whether an account also fills on the sites that share a sign-in with its own (on by default). */
  "accounts.setSharedSites": {
    params: z.object({ id: AccountId, enabled: z.boolean() }),
    result: z.object({ account: AccountSummary }),
    mutates: true,
  },
  "accounts.remember": {
    params: z.object({ id: AccountId, url: z.string().max(8192), scope: RememberScope.optional() }),
    result: z.object({ account: AccountSummary }),
    mutates: true,
  },
  "hotp.advance": {
    params: z.object({ id: AccountId }),
    result: z.object({ code: Code }),
    mutates: true,
  },
  import: {
    params: z.object({
      data: z.string(),
      encoding: z.enum(["text", "base64"]).default("text"),
      format: ImportFormat.optional(),
      password: z.string().max(1024).optional(),
      dryRun: z.boolean().optional(),
      partial: z.boolean().optional(),
    }),
    result: z.object({ report: ImportReport }),
    mutates: true,
  },
  "store.status": {
    params: z.object({}),
    result: StoreStatus,
    mutates: false,
  },
  /** `twofold doctor`'s checks, for the options page. */
  doctor: {
    params: z.object({ extensionId: z.string().max(64).optional() }),
    result: z.object({ findings: z.array(Finding).max(200) }),
    mutates: false,
  },
} as const satisfies Record<string, MethodDefinition>;

export type MethodName = keyof typeof methods;
export type MethodParams<M extends MethodName> = z.input<(typeof methods)[M]["params"]>;
export type MethodResult<M extends MethodName> = z.infer<(typeof methods)[M]["result"]>;
export const MethodName = z.enum(Object.keys(methods) as [MethodName, ...MethodName[]]);
