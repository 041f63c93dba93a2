import { TwofoldError } from "../../../src/protocol/twofold-error";
import { DbusCallError, LocalError } from "./dbus-client";

const INSTALL_HINT =
  "Install and start GNOME Keyring (Debian/Ubuntu: sudo apt install gnome-keyring libsecret-tools; Fedora: sudo dnf install gnome-keyring) or KWallet, log in to a desktop session, or use --store file:PATH";

/** The one message for a locked keyring; we never open an unlock prompt ourselves. */
export function storeLocked(cause?: unknown): TwofoldError {
  return new TwofoldError(
    "STORE_LOCKED",
    "Your login keyring is locked. Unlock it (log in to your desktop session, or open Passwords and Keys / Seahorse and unlock 'Login'), then try again.",
    { cause },
  );
}

export function noSessionBus(): TwofoldError {
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    "No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): the secret-service store needs a desktop session with GNOME Keyring or KWallet; use --store file:PATH on a headless machine.",
  );
}

export function noSecretService(cause?: unknown): TwofoldError {
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `No Secret Service (org.freedesktop.secrets) is running on the D-Bus session bus. ${INSTALL_HINT}.`,
    { cause },
  );
}

/** Raised when the service asks for a confirmation prompt, which a browser-started host cannot show. */
export function promptRequired(action: string): TwofoldError {
  return new TwofoldError(
    "ACCESS_DENIED",
    `The keyring wants you to confirm before Twofold can ${action}, and Twofold does not show keyring prompts. Do it in Passwords and Keys (Seahorse) or KWallet Manager, or allow it there, then try again.`,
  );
}

/**
 * Turns any failure during `action` (e.g. "list your accounts") into a
 * {@link TwofoldError}; TwofoldErrors pass through unchanged.
 */
export function toStoreError(error: unknown, action: string): TwofoldError {
  if (error instanceof TwofoldError) return error;
  if (!(error instanceof DbusCallError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new TwofoldError("STORE_UNAVAILABLE", `Could not ${action} in the keyring: ${message}`, { cause: error });
  }
  switch (error.errorName) {
    case "org.freedesktop.Secret.Error.IsLocked":
      return storeLocked(error);
    case "org.freedesktop.DBus.Error.ServiceUnknown":
    case "org.freedesktop.DBus.Error.NameHasNoOwner":
      return noSecretService(error);
    case "org.freedesktop.DBus.Error.AccessDenied":
    case "org.freedesktop.DBus.Error.AuthFailed":
      return new TwofoldError(
        "ACCESS_DENIED",
        `The Secret Service refused to let Twofold ${action} (${error.message}). Check your keyring's access settings, then try again.`,
        { cause: error },
      );
    case LocalError.timeout:
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The Secret Service did not answer in time while Twofold tried to ${action} (${error.message}). Check that gnome-keyring-daemon or KWallet is running and not waiting on a dialog, then try again.`,
        { cause: error },
      );
    case LocalError.disconnected:
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `Twofold could not ${action}: ${error.message}. Check that your desktop session's D-Bus is running (DBUS_SESSION_BUS_ADDRESS), then try again.`,
        { cause: error },
      );
    default:
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The Secret Service failed while Twofold tried to ${action}: ${error.message} (${error.errorName}). Try again; if it keeps failing, restart your keyring daemon or use --store file:PATH.`,
        { cause: error },
      );
  }
}

/** True when `error` says the object no longer exists (deleted meanwhile). */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof DbusCallError)) return false;
  // GNOME Keyring answers calls on deleted objects with UnknownMethod
  // ("Object does not exist at path …"); the spec's name is NoSuchObject.
  return (
    error.errorName === "org.freedesktop.Secret.Error.NoSuchObject" ||
    error.errorName === "org.freedesktop.DBus.Error.UnknownObject" ||
    (error.errorName === "org.freedesktop.DBus.Error.UnknownMethod" && error.message.includes("does not exist"))
  );
}
