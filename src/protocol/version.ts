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
 * Paged replies stop adding items at this many bytes, well below
 * {@link MAX_REPLY_BYTES}, so a page plus its envelope always fits.
 */
export const PAGE_BYTES = 512 * 1024;
