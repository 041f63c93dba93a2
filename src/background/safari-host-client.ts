import { ReplyEnvelope } from "../protocol/envelope";
import { type MethodName, type MethodParams, type MethodResult, methods } from "../protocol/methods";
import { isTwofoldError, TwofoldError } from "../protocol/twofold-error";
import { PROTOCOL_VERSION } from "../protocol/version";
import type { HostClient } from "./host-client";

export interface SafariHostClientOptions {
  /**
   * `(message) => browser.runtime.sendNativeMessage(SAFARI_APP_ID, message)`.
   * Safari hands each message to the containing app's
   * SafariWebExtensionHandler and resolves with its one reply.
   */
  sendNativeMessage: (message: unknown) => Promise<unknown>;
  timeoutMs?: number;
}

/**
 * The Safari {@link HostClient}. Safari has no stdio host and no port: each
 * request is one `sendNativeMessage` call answered by the app extension's
 * handler (native-host/macos/safari/SafariWebExtensionHandler.swift), in the
 * same `{id, method, params}` → `{id, ok, result | error}` protocol as the
 * host. Every request gets an id and a timeout that rejects; replies are
 * parsed with the shared schemas. The protocol version is checked with
 * `hello` before the first request, and again after {@link reset}.
 */
export class SafariHostClient implements HostClient {
  private nextId = 1;
  private greeted: Promise<void> | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly options: SafariHostClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    if (method !== "hello") await this.greet();
    return this.send(method, params);
  }

  /** Check the handler's protocol again on the next request (the user pressed Retry). */
  reset(): void {
    this.greeted = null;
  }

  /** Says hello once; a failed hello is forgotten so the next request tries again. */
  private greet(): Promise<void> {
    this.greeted ??= this.send("hello", { protocol: PROTOCOL_VERSION, client: "twofold-extension" }).then((hello) => {
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new TwofoldError(
          "UNSUPPORTED_VERSION",
          `The Twofold app speaks protocol ${hello.protocol}; this extension needs ${PROTOCOL_VERSION}. Update both to the same release.`,
        );
      }
    });
    const greeted = this.greeted;
    greeted.catch(() => {
      if (this.greeted === greeted) this.greeted = null;
    });
    return greeted;
  }

  private async send<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TwofoldError(
              "TIMEOUT",
              `The Twofold app did not answer ${method} within ${this.timeoutMs / 1000} s. Open the Twofold app, then try again.`,
            ),
          ),
        this.timeoutMs,
      );
    });
    let raw: unknown;
    try {
      raw = await Promise.race([this.options.sendNativeMessage({ id, method, params }), timeout]);
    } catch (error) {
      throw isTwofoldError(error) ? error : unreachable(error);
    } finally {
      clearTimeout(timer);
    }
    const reply = ReplyEnvelope.safeParse(raw);
    if (!reply.success) throw mismatch(method);
    // An error about a request too broken to have an id comes back with id null.
    if (!reply.data.ok && (reply.data.id === id || reply.data.id === null))
      throw TwofoldError.fromBody(reply.data.error);
    if (reply.data.id !== id || !reply.data.ok) throw mismatch(method);
    const result = methods[method].result.safeParse(reply.data.result);
    if (!result.success) throw mismatch(method);
    return result.data as MethodResult<M>;
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

function mismatch(method: MethodName): TwofoldError {
  return new TwofoldError(
    "BAD_REQUEST",
    `The Twofold app's reply to ${method} does not match the protocol. Update the app and the extension to the same release.`,
  );
}
