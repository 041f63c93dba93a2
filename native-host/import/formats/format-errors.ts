import { TwofoldError } from "../../../src/protocol/twofold-error";

/** The file claims to be (or was named as) `format` but is not a usable one. */
export function notThisFormat(format: string, why: string): TwofoldError {
  return new TwofoldError("IMPORT_INVALID", `This is not a valid ${format} file: ${why}.`);
}

/** An encrypted export and no password: say where the password goes. */
export function passwordNeeded(format: string): TwofoldError {
  return new TwofoldError(
    "IMPORT_INVALID",
    `This ${format} is encrypted. Set TWOFOLD_IMPORT_PASSWORD to its password (command line) or enter the password on the options page, then import again.`,
  );
}

/** The password given does not decrypt the file (or the file was altered). */
export function wrongPassword(format: string): TwofoldError {
  return new TwofoldError(
    "IMPORT_INVALID",
    `The password does not open this ${format}. Check the password; if it is right, the file was altered or damaged.`,
  );
}

/**
 * The file asks for more key-derivation work than Twofold will do: refused
 * before any of it, so a hostile file cannot take gigabytes or minutes.
 */
export function tooCostly(format: string, why: string): TwofoldError {
  return new TwofoldError(
    "TOO_LARGE",
    `Twofold will not open this ${format}: ${why}. Nothing was imported. If the file is yours, export it again with the app's default encryption settings.`,
  );
}
