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
