import { ReplyEnvelope } from "../protocol/envelope";
import { type MethodName, type MethodParams, type MethodResult, methods } from "../protocol/methods";
import { asTwofoldError, TwofoldError } from "../protocol/twofold-error";
import { PROTOCOL_VERSION } from "../protocol/version";
import type { HostClient } from "./host-client";

/** The parts of `runtime.Port` this client uses, so tests can pass a fake. */
export interface NativePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: (port: NativePort) => void): void };
  error?: { message?: string } | null;
}

export interface NativePortClientOptions {
  /** `() => browser.runtime.connectNative(HOST_NAME)` */
  connect: () => NativePort;
  /** The browser's last error after a disconnect (Chrome reports it there). */
  lastError?: () => string | undefined;
  timeoutMs?: number;
  now?: () => number;
  /** Reconnect delays after consecutive failures: 250 ms doubling to 30 s. */
  backoff?: (failures: number) => number;
}

interface Pending {
  method: MethodName;
  resolve: (result: unknown) => void;
  reject: (error: TwofoldError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The one module that owns the native port (docs/conventions.md). It correlates
 * replies by request id, gives every request a timeout that rejects, rejects
 * everything pending when the port drops, and reconnects with backoff.
 * An open port also keeps the MV3 service worker alive (Chrome 105+).
 */
export class NativePortClient implements HostClient {
  private port: NativePort | null = null;
  private ready: Promise<void> | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private failures = 0;
  private retryAt = 0;
  private lastFailure: TwofoldError | null = null;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly backoff: (failures: number) => number;

  constructor(private readonly options: NativePortClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? ((failures) => Math.min(30_000, 250 * 2 ** (failures - 1)));
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    await this.connected();
    return this.send(method, params);
  }

  reset(): void {
    this.failures = 0;
    this.retryAt = 0;
    this.lastFailure = null;
  }

  /** Opens the port and says hello once; later callers share that. */
  private connected(): Promise<void> {
    if (this.ready) return this.ready;
    if (this.lastFailure && this.now() < this.retryAt) return Promise.reject(this.lastFailure);
    this.ready = this.open().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async open(): Promise<void> {
    let port: NativePort;
    try {
      port = this.options.connect();
    } catch (error) {
      throw this.fail(hostMissing(error instanceof Error ? error.message : String(error)));
    }
    this.port = port;
    port.onMessage.addListener((message) => this.receive(message));
    port.onDisconnect.addListener((dropped) => this.dropped(dropped));
    try {
      const hello = await this.send("hello", { protocol: PROTOCOL_VERSION, client: "twofold-extension" });
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new TwofoldError(
          "UNSUPPORTED_VERSION",
          `The host speaks protocol ${hello.protocol}; this extension needs ${PROTOCOL_VERSION}.`,
        );
      }
    } catch (error) {
      // A host that will not say hello is not used: close it and back off.
      if (this.port === port) {
        this.port = null;
        port.disconnect();
        this.fail(asTwofoldError(error));
      }
      throw error;
    }
    this.failures = 0;
    this.lastFailure = null;
  }

  private send<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const port = this.port;
    if (port === null) return Promise.reject(this.lastFailure ?? disconnected());
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new TwofoldError(
            "TIMEOUT",
            `The Twofold host did not answer ${method} within ${this.timeoutMs / 1000} s. Run \`twofold doctor\`.`,
          ),
        );
      }, this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      try {
        port.postMessage({ id, method, params });
      } catch (error) {
        this.settle(id)?.reject(disconnected(error instanceof Error ? error.message : undefined));
      }
    });
  }

  private receive(message: unknown): void {
    const reply = ReplyEnvelope.safeParse(message);
    if (!reply.success || typeof reply.data.id !== "number") return; // not ours to answer; the timeout will
    const pending = this.settle(reply.data.id);
    if (pending === undefined) return;
    if (!reply.data.ok) {
      pending.reject(TwofoldError.fromBody(reply.data.error));
      return;
    }
    const result = methods[pending.method].result.safeParse(reply.data.result);
    if (result.success) pending.resolve(result.data);
    else
      pending.reject(
        new TwofoldError(
          "BAD_REQUEST",
          `The host's reply to ${pending.method} does not match the protocol. Update Twofold.`,
        ),
      );
  }

  private dropped(port: NativePort): void {
    if (port !== this.port) return;
    const reason = port.error?.message ?? this.options.lastError?.();
    const error = /not found|not registered|forbidden|access to the specified native messaging host/i.test(reason ?? "")
      ? hostMissing(reason)
      : disconnected(reason);
    this.port = null;
    this.ready = null;
    this.fail(error);
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private fail(error: TwofoldError): TwofoldError {
    this.failures += 1;
    this.lastFailure = error;
    this.retryAt = this.now() + this.backoff(this.failures);
    return error;
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (pending === undefined) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    return pending;
  }
}

function hostMissing(reason: string | undefined): TwofoldError {
  return new TwofoldError(
    "HOST_MISSING",
    `The Twofold host is not installed for this browser${reason ? ` (${reason})` : ""}. Install it with: twofold install --browser chrome`,
  );
}

function disconnected(reason?: string): TwofoldError {
  return new TwofoldError(
    "HOST_DISCONNECTED",
    `The Twofold host stopped${reason ? ` (${reason})` : ""}. Run \`twofold doctor\` to see why.`,
  );
}
