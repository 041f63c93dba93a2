import { z } from "zod";

/**
 * The protocol between the `icloud` store and its signed Swift helper
 * (`native-host/macos/KeychainHelper/main.swift`), defined once here. Safari's
 * app extension handler (`native-host/macos/safari/`) speaks it too, to the
 * extension's background, with the differences listed at the end. Both are
 * the one Swift `KeychainService` (native-host/macos/Sources/TwofoldKeychain).
 *
 * Transport: the store starts the helper and keeps it; each request is one
 * line of JSON on the helper's stdin, each response one line on its stdout,
 * matched by `id`. The helper answers in order, but the store does not rely
 * on that. The helper writes nothing else to stdout.
 *
 * Items: generic passwords in the data protection keychain, synchronizable
 * (iCloud Keychain), in the access group `<TeamID>.dev.twofold.shared`,
 * service `dev.twofold.account`, account = the record id, value = the record
 * as UTF-8 JSON. Pins and domain bindings live inside that JSON, so they sync
 * across the person's Macs with the item.
 *
 * Requests (`id` a positive integer chosen by the store):
 *   {id, op: "ping"}                        → {protocol, version, accessGroup}
 *   {id, op: "list"}                        → {items: [{account, value}]}
 *       every item's value in one round trip (one SecItemCopyMatching)
 *   {id, op: "get", account}                → {item: {account, value}}
 *   {id, op: "put", account, label, value, mode: "add" | "replace"} → {}
 *       add = SecItemAdd (duplicate fails), replace = SecItemUpdate
 *       (absent fails); the helper reads the item back before answering
 *   {id, op: "delete", account}             → {}
 *   {id, op: "codes", accounts: [account]}  → {codes: [{account, counter, code, next}], unusable: [account]}
 *       the code at `counter` and the one after it, in the order asked;
 *       `counter` is the stored one for HOTP, else the time step of the
 *       app's own clock (RFC 6238: Unix seconds / period), never a time the
 *       caller picks. Missing accounts are left out; `unusable` lists items
 *       whose secret or settings make no code.
 * Responses: {id, ok: true, result} or {id, ok: false, error: {code,
 * osStatus, message}}, where osStatus is the Security framework's OSStatus,
 * or null for an error that is not one (a bad request). A response to a line
 * the helper could not read at all has id 0.
 *
 * The Safari handler never reveals a secret: the `value`s of `list` and `get`
 * come without the `secret` key ("" for an item that is not a JSON object),
 * and a `put` with mode "replace" whose value has no `secret` keeps the stored
 * one. Only "add" takes a secret: when the person adds an account.
 */
export const HELPER_PROTOCOL_VERSION = 1;

export type HelperOp = "ping" | "list" | "get" | "put" | "delete" | "codes";

export type HelperRequest =
  | { id: number; op: "ping" }
  | { id: number; op: "list" }
  | { id: number; op: "get"; account: string }
  | { id: number; op: "put"; account: string; label: string; value: string; mode: "add" | "replace" }
  | { id: number; op: "delete"; account: string }
  | { id: number; op: "codes"; accounts: string[] };

/** A request without its id, as the store composes it. */
export type HelperCall = HelperRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** How the helper classifies a failure; the OSStatus beside it is the finer truth. */
export const HelperErrorCode = z
  .enum([
    "notFound", // errSecItemNotFound -25300
    "duplicate", // errSecDuplicateItem -25299
    "missingEntitlement", // errSecMissingEntitlement -34018
    "interactionNotAllowed", // errSecInteractionNotAllowed -25308
    "userCancelled", // errSecUserCanceled -128
    "authFailed", // errSecAuthFailed -25293
    "keychainUnavailable", // errSecNotAvailable -25291
    "badRequest",
    "internal",
  ])
  // A newer helper may know more; the OSStatus still maps it.
  .catch("internal");
export type HelperErrorCode = z.infer<typeof HelperErrorCode>;

export const HelperError = z.object({
  code: HelperErrorCode,
  osStatus: z.number().int().nullable(),
  message: z.string(),
});
export type HelperError = z.infer<typeof HelperError>;

export const HelperItem = z.object({ account: z.string(), value: z.string() });
export type HelperItem = z.infer<typeof HelperItem>;

/** The result of each op. */
export const HelperResult = {
  ping: z.object({ protocol: z.number().int(), version: z.string(), accessGroup: z.string() }),
  list: z.object({ items: z.array(HelperItem) }),
  get: z.object({ item: HelperItem }),
  put: z.object({}),
  delete: z.object({}),
  codes: z.object({
    codes: z.array(
      z.object({
        account: z.string(),
        counter: z.number().int().nonnegative(),
        code: z.string(),
        next: z.string(),
      }),
    ),
    unusable: z.array(z.string()),
  }),
} satisfies Record<HelperOp, z.ZodType>;

export type HelperResultOf<Op extends HelperOp> = z.infer<(typeof HelperResult)[Op]>;

/** One line from the helper. */
export const HelperResponse = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: HelperError }),
]);
export type HelperResponse = z.infer<typeof HelperResponse>;
