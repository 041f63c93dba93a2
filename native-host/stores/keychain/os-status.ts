import { TwofoldError } from "../../../src/protocol/twofold-error";
import { alreadyExists, notFound } from "../store-writes";

/**
 * What a macOS keychain failure means, by its OSStatus (SecBase.h), for
 * both macOS stores: the login keychain's `security` tool and the iCloud
 * helper report the same statuses. The names are the helper's error codes.
 */
export type KeychainFailure =
  | "notFound"
  | "duplicate"
  | "authFailed"
  | "interactionNotAllowed"
  | "userCancelled"
  | "noSuchKeychain"
  | "missingEntitlement"
  | "keychainUnavailable";

const BY_OSSTATUS = new Map<number, KeychainFailure>([
  [-25300, "notFound"], // errSecItemNotFound
  [-25299, "duplicate"], // errSecDuplicateItem
  [-25293, "authFailed"], // errSecAuthFailed: Deny in the access dialog
  [-25308, "interactionNotAllowed"], // errSecInteractionNotAllowed: locked, and no UI allowed
  [-128, "userCancelled"], // errSecUserCanceled
  [-25294, "noSuchKeychain"], // errSecNoSuchKeychain
  [-34018, "missingEntitlement"], // errSecMissingEntitlement
  [-25291, "keychainUnavailable"], // errSecNotAvailable
]);

/**
 * The failure a status names: a full OSStatus (-25300), or the exit status
 * of a one-shot `security` command, which is the OSStatus's low byte (44).
 */
export function keychainFailure(status: number): KeychainFailure | undefined {
  if (status < 0) return BY_OSSTATUS.get(status);
  for (const [osStatus, failure] of BY_OSSTATUS) if ((osStatus & 0xff) === status) return failure;
  return undefined;
}

/**
 * The errors both macOS stores explain in the same words; `undefined` for a
 * failure each store explains itself (a locked keychain means something
 * different to each).
 */
export function sharedKeychainError(failure: KeychainFailure | undefined, account?: string): TwofoldError | undefined {
  switch (failure) {
    case "notFound":
      return account === undefined
        ? new TwofoldError("NOT_FOUND", "macOS could not find the keychain item.")
        : notFound(account);
    case "duplicate":
      return alreadyExists(account ?? "?");
    case "userCancelled":
      return new TwofoldError(
        "USER_CANCELLED",
        `The keychain request${account === undefined ? "" : ` for account ${account}`} was cancelled in the macOS dialog. Try again and allow access when macOS asks.`,
      );
    default:
      return undefined;
  }
}
