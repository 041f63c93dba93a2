// dbus-next is CommonJS; its default export is `module.exports` both under
// vitest and in the esbuild bundle (scripts/build-host.mjs shims `require`).
import dbus, { type Message, type MessageBus } from "dbus-next";
import type { z } from "zod";

/** One method call, addressed in full. `body` must match `signature`. */
export interface DbusCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** What an observer learns about each call: never its arguments, which may hold secrets. */
export interface DbusCallInfo {
  path: string;
  interface: string;
  member: string;
}

export interface DbusClientOptions {
  /** How long a call (and connecting) may take before it fails. */
  timeoutMs: number;
  /** Sees every method call before it is sent; tests count round trips with it. */
  onCall?: ((call: DbusCallInfo) => void) | undefined;
}

/** Error names for failures that happen on our side of the bus, not in a service. */
export const LocalError = {
  timeout: "dev.twofold.Error.Timeout",
  disconnected: "dev.twofold.Error.Disconnected",
  badReply: "dev.twofold.Error.BadReply",
  badCall: "dev.twofold.Error.BadCall",
} as const;

/**
 * A failed call: `errorName` is the D-Bus error name the service sent (e.g.
 * `org.freedesktop.Secret.Error.IsLocked`) or one of {@link LocalError}.
 */
export class DbusCallError extends Error {
  override readonly name = "DbusCallError";

  constructor(
    readonly errorName: string,
    message: string,
    readonly member: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A typed layer over one dbus-next connection: every call has a timeout,
 * every reply body is parsed with zod from `unknown`, and a broken connection
 * fails pending and later calls at once instead of leaving them hanging.
 */
export class DbusClient {
  private readonly pending = new Set<(error: DbusCallError) => void>();
  private failure: DbusCallError | null = null;

  private constructor(
    private readonly bus: MessageBus,
    private readonly options: DbusClientOptions,
  ) {
    bus.on("error", (error: unknown) => this.fail(disconnected(error)));
  }

  /** Connects to `address` (e.g. `unix:path=/run/user/1000/bus`) and says Hello. */
  static async connect(address: string, options: DbusClientOptions): Promise<DbusClient> {
    let bus: MessageBus;
    try {
      bus = dbus.sessionBus({ busAddress: address });
    } catch (error) {
      // dbus-next parses the address synchronously; `unix:abstract=` also
      // needs the optional native `usocket` module, which we do not ship.
      throw new DbusCallError(
        LocalError.disconnected,
        `cannot use the bus address ${address}: ${reason(error)}`,
        "Hello",
        {
          cause: error,
        },
      );
    }
    const client = new DbusClient(bus, options);
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          bus.once("connect", () => resolve());
          client.pending.add(reject);
        }),
        options.timeoutMs,
        "Hello",
      );
    } catch (error) {
      client.close();
      throw error;
    }
    client.pending.clear();
    return client;
  }

  /** Sends one method call and returns its reply body, parsed with `reply`. */
  async call<T>(call: DbusCall, reply: z.ZodType<T>): Promise<T> {
    this.options.onCall?.({ path: call.path, interface: call.interface, member: call.member });
    if (this.failure !== null) throw this.failure;
    let message: Message;
    try {
      message = new dbus.Message({
        destination: call.destination,
        path: call.path,
        interface: call.interface,
        member: call.member,
        signature: call.signature ?? "",
        body: call.body ?? [],
      });
    } catch (error) {
      throw new DbusCallError(LocalError.badCall, `cannot build ${call.member}: ${reason(error)}`, call.member, {
        cause: error,
      });
    }
    let reject: (error: DbusCallError) => void = () => undefined;
    const broken = new Promise<never>((_, fail) => {
      reject = fail;
    });
    this.pending.add(reject);
    try {
      const answer = await withTimeout(
        Promise.race([
          this.bus.call(message).catch((error: unknown) => Promise.reject(fromDbusNext(error, call))),
          broken,
        ]),
        this.options.timeoutMs,
        call.member,
      );
      const parsed = reply.safeParse(answer?.body ?? []);
      if (!parsed.success) {
        throw new DbusCallError(
          LocalError.badReply,
          `${call.interface}.${call.member} returned ${answer?.signature || "nothing"}, not what the API specifies`,
          call.member,
        );
      }
      return parsed.data;
    } finally {
      this.pending.delete(reject);
    }
  }

  /** Ends the connection; later calls fail at once. Safe to call twice. */
  close(): void {
    if (this.failure === null) this.fail(disconnected(new Error("the connection was closed")));
    this.bus.disconnect();
  }

  private fail(error: DbusCallError): void {
    this.failure ??= error;
    for (const reject of this.pending) reject(error);
    this.pending.clear();
  }
}

/** Rejects with a timeout error when `promise` takes longer than `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, member: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DbusCallError(LocalError.timeout, `no answer to ${member} within ${ms / 1000} s`, member)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function fromDbusNext(error: unknown, call: DbusCall): DbusCallError {
  if (error instanceof dbus.DBusError) {
    return new DbusCallError(error.type, String(error.text ?? error.message), call.member, { cause: error });
  }
  // dbus-next throws plain errors when it cannot marshal the body.
  return new DbusCallError(LocalError.badCall, `cannot send ${call.member}: ${reason(error)}`, call.member, {
    cause: error,
  });
}

function disconnected(error: unknown): DbusCallError {
  return new DbusCallError(LocalError.disconnected, `the D-Bus connection failed: ${reason(error)}`, "", {
    cause: error,
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
