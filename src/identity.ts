/**
 * Names that the extension, the host and the installers must agree on.
 * docs/architecture.md, "Names and builds".
 */

/** Native messaging host name, as registered in every browser's host manifest. */
export const HOST_NAME = "dev.twofold.host";

/**
 * Public key that fixes the development extension id in Chromium browsers.
 * The id below is derived from it (SHA-256 of the DER, first 32 hex digits
 * mapped to a–p); a unit test keeps the two in step.
 */
export const EXTENSION_PUBLIC_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwSFWDw1dLNT18qKyJt94dmfjB0GtM0llk8FdAfQUECsezkvqZjfOVBzF9yuEb5C/n+8a3BHr3cb12bceeUeL6aTJP3j0Eq6eLUW5ebEWhMwrLMxyhix/x62c4o7KhdSjtDtGwoi5CUuEzJOyjkuSgrkNbjlBtaDO8dP6fPaiNKBdioYDxvWAmj0iVDCjc0d2Y6JsT7uCO9YbVwzoOlrZCjJtNH1PStSW95TwrbIXHpyrQrRdK7wi9WPBHx3KNpvUbDcylDTGwSSKDXMm1il1FetxIuz2+IAeqQ4qqxM2vPqHmFPmY92Eb1lE9wmslzom8u8c8IbFTbVOmhVWzTT6fQIDAQAB";

/** Chromium extension id that {@link EXTENSION_PUBLIC_KEY} produces. */
export const DEV_EXTENSION_ID = "plkjnmpefikmahbgbdighjahmeofolcn";

/** Firefox add-on id (`browser_specific_settings.gecko.id`). */
export const FIREFOX_ADDON_ID = "twofold@twofold.dev";
