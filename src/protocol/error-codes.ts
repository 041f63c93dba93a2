import * as z from "zod/mini";

/**
 * Every error that can cross the host protocol, and the few the extension
 * raises itself about the connection. One enum, shared by both ends
 * (docs/architecture.md, "The host protocol").
 */
export const ErrorCode = z.enum([
  // The request itself is wrong.
  "BAD_REQUEST",
  "UNKNOWN_METHOD",
  "UNSUPPORTED_VERSION",
  "TOO_LARGE",
  "INVALID_URI",
  "INVALID_DOMAIN",
  "IMPORT_INVALID",
  // The account or store state does not allow it.
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "STORE_LOCKED",
  "STORE_UNAVAILABLE",
  "STORE_BUSY",
  "STORE_CORRUPT",
  "WRONG_PASSPHRASE",
  "ACCESS_DENIED",
  "USER_CANCELLED",
  "INTERNAL",
  // Raised by the extension about its connection to the host.
  "HOST_MISSING",
  "HOST_DISCONNECTED",
  "TIMEOUT",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** A protocol error as it travels in a reply. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
