/**
 * The host protocol version. Methods keep their shape within a version;
 * adding a method does not change it (docs/architecture.md, "The host protocol").
 */
export const PROTOCOL_VERSION = 1;

/** Host → browser messages must stay under 1 MiB (Chrome's limit). */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** Browser → host messages may be up to 64 MiB (Chrome's limit). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/**
 * The structure a request may have before the host parses it: no method's
 * params nest more than four levels, and the largest (`codes.get` with
 * 10,000 ids) holds about 10,000 values. Big data (an import) travels as one
 * string, which costs nothing here. Without this, 64 MiB of `[[[…]]]` or
 * `[{},{},…]` would take gigabytes to parse.
 */
export const REQUEST_JSON_LIMITS = { maxDepth: 16, maxValues: 20_000 } as const;

/**
 * Paged replies stop adding items at this many bytes, well below
 * {@link MAX_REPLY_BYTES}, so a page plus its envelope always fits.
 */
export const PAGE_BYTES = 512 * 1024;
