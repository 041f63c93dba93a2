import {
  HELPER_PROTOCOL_VERSION,
  type HelperCall,
  type HelperError,
  HelperResponse,
  HelperResult,
  type HelperResultOf,
} from "../../native-host/stores/icloud-helper-protocol";
import type { ErrorCode } from "../protocol/error-codes";
import { isTwofoldError, TwofoldError } from "../protocol/twofold-error";

export interface SafariKeychainOptions {
  /**
   * `(message) => browser.runtime.sendNativeMessage(SAFARI_APP_ID, message)`.
   * Safari hands each message to the containing app's
   * SafariWebExtensionHandler and resolves with its one reply.
   */
  sendNativeMessage: (message: unknown) => Promise<unknown>;
  timeoutMs?: number;
}

const SIGNING_HINT = 'see native-host/macos/safari/README.md, "Build and sign"';

/**
 * The Twofold app's keychain as Safari's background reaches it: each call is
 * one `sendNativeMessage`, answered by the app extension's handler
 * (native-host/macos/safari/) in the keychain protocol of
 * native-host/stores/icloud-helper-protocol.ts — without secrets. Every call
 * gets an id and a timeout that rejects; replies are parsed with the
 * protocol's schemas; the protocol version is checked with `ping` before the
 * first call, and again after {@link reset}.
 */
export class SafariKeychain {
  private nextId = 1;
  private greeted: Promise<void> | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly options: SafariKeychainOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** One op's result; `account` names the account in error messages. */
  async call<C extends HelperCall>(request: C, account?: string): Promise<HelperResultOf<C["op"]>> {
    await this.greet();
    return this.send(request, account);
  }

  /** The app's ping, checked again on the next call (the person pressed Retry). */
  reset(): void {
    this.greeted = null;
  }

  /** Pings once; a failed ping is forgotten so the next call tries again. */
  private greet(): Promise<void> {
    this.greeted ??= this.send({ op: "ping" }).then((ping) => {
      if (ping.protocol !== HELPER_PROTOCOL_VERSION) {
        throw new TwofoldError(
          "UNSUPPORTED_VERSION",
          `The Twofold app speaks keychain protocol ${ping.protocol}; this extension needs ${HELPER_PROTOCOL_VERSION}. Update both to the same release.`,
        );
      }
    });
    const greeted = this.greeted;
    greeted.catch(() => {
      if (this.greeted === greeted) this.greeted = null;
    });
    return greeted;
  }

  private async send<C extends HelperCall>(request: C, account?: string): Promise<HelperResultOf<C["op"]>> {
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TwofoldError(
              "TIMEOUT",
              `The Twofold app did not answer within ${this.timeoutMs / 1000} s. Open the Twofold app, then try again.`,
            ),
          ),
        this.timeoutMs,
      );
    });
    let raw: unknown;
    try {
      raw = await Promise.race([this.options.sendNativeMessage({ id, ...request }), timeout]);
    } catch (error) {
      throw isTwofoldError(error) ? error : unreachable(error);
    } finally {
      clearTimeout(timer);
    }
    const reply = HelperResponse.safeParse(raw);
    if (!reply.success || reply.data.id !== id) throw mismatch();
    if (!reply.data.ok) throw keychainError(reply.data.error, account);
    const result = HelperResult[request.op].safeParse(reply.data.result);
    if (!result.success) throw mismatch();
    // Parsed by the op's own schema, so it is that op's result.
    return result.data as HelperResultOf<C["op"]>;
  }
}

/** Safari could not deliver the message: the app extension is missing, disabled or crashed. */
function unreachable(error: unknown): TwofoldError {
  const reason = error instanceof Error ? error.message : typeof error === "string" ? error : undefined;
  return new TwofoldError(
    "HOST_MISSING",
    `Safari could not reach the Twofold app${reason ? ` (${reason})` : ""}. Open the Twofold app once, then turn the extension on in Safari → Settings → Extensions.`,
    { cause: error },
  );
}

function mismatch(): TwofoldError {
  return new TwofoldError(
    "BAD_REQUEST",
    "The Twofold app's reply does not match the protocol. Update the app and the extension to the same release.",
  );
}

const BY_OSSTATUS = new Map<number, HelperError["code"]>([
  [-25300, "notFound"],
  [-25299, "duplicate"],
  [-34018, "missingEntitlement"],
  [-25308, "interactionNotAllowed"],
  [-128, "userCancelled"],
  [-25293, "authFailed"],
  [-25291, "keychainUnavailable"],
]);

/** The app's keychain failure as one a person can act on; the OSStatus decides when it is known. */
export function keychainError(error: HelperError, account?: string): TwofoldError {
  const kind = (error.osStatus === null ? undefined : BY_OSSTATUS.get(error.osStatus)) ?? error.code;
  const status = error.osStatus === null ? "" : ` (OSStatus ${error.osStatus})`;
  const subject = account === undefined ? "" : ` for account ${account}`;
  const table: Record<HelperError["code"], [ErrorCode, string]> = {
    notFound: [
      "NOT_FOUND",
      account === undefined
        ? "The iCloud keychain item was not found."
        : `No account has id ${account}; it may have been removed meanwhile.`,
    ],
    duplicate: ["ALREADY_EXISTS", `An account with id ${account ?? "?"} already exists.`],
    missingEntitlement: [
      "STORE_UNAVAILABLE",
      `macOS refused the Twofold app its keychain (errSecMissingEntitlement${status}): the app extension is not signed with Twofold's keychain group dev.twofold.shared. Build it with your team and the Keychain Sharing capability (${SIGNING_HINT}).`,
    ],
    interactionNotAllowed: [
      "STORE_LOCKED",
      "Your Mac's keychain is locked (errSecInteractionNotAllowed). Unlock the Mac, then try again.",
    ],
    userCancelled: [
      "USER_CANCELLED",
      `The keychain request${subject} was cancelled in the macOS dialog. Try again and allow access when macOS asks.`,
    ],
    authFailed: [
      "ACCESS_DENIED",
      `macOS denied the Twofold app keychain access${subject}${status}. Allow it when macOS asks, then try again.`,
    ],
    keychainUnavailable: [
      "STORE_UNAVAILABLE",
      `The iCloud keychain is not available${status}. Turn on iCloud Keychain in System Settings → [your name] → iCloud → Passwords, then try again.`,
    ],
    badRequest: [
      "INTERNAL",
      `The Twofold app refused a request: ${error.message}. Update the app and the extension to the same release.`,
    ],
    internal: [
      "STORE_UNAVAILABLE",
      `The Twofold app's keychain call failed${subject}${status}: ${error.message}. Try again.`,
    ],
  };
  const [code, message] = table[kind];
  return new TwofoldError(code, message);
}
