import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { type HelperCall, type HelperError, HelperResponse } from "../icloud-helper-protocol";

/** Where to turn when the helper is missing or unusable. */
export const BUILD_HINT =
  'Build, sign and install it on a Mac with native-host/macos/build-helper.sh (see native-host/macos/README.md, "iCloud keychain"), or use --store keychain.';

/** An error reply from the helper, before it is mapped for a person. */
export class HelperReplyError extends Error {
  constructor(readonly body: HelperError) {
    super(body.message);
  }
}

export function isHelperError(error: unknown): error is HelperReplyError {
  return error instanceof HelperReplyError;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One running helper process and its requests in flight. */
export class HelperConnection {
  ready: Promise<void> = Promise.resolve();
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: TwofoldError | null = null;
  private stderrTail = "";

  constructor(
    path: string,
    env: NodeJS.ProcessEnv,
    private readonly timeoutMs: number,
  ) {
    this.child = spawn(path, [], { stdio: ["pipe", "pipe", "pipe"], env });
    this.child.on("error", (error) => this.fail(spawnError(path, error)));
    // "close", not "exit": replies still in the stdout pipe are read first.
    this.child.on("close", (code, signal) => this.fail(crashed(code, signal, this.stderrTail)));
    this.child.stdin.on("error", () => undefined); // EPIPE: "close" reports why.
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    createInterface({ input: this.child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) =>
      this.receive(line),
    );
  }

  /** True once the process is gone or given up on; the next request needs a new one. */
  get gone(): boolean {
    return this.failure !== null;
  }

  request(call: HelperCall): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const error = new TwofoldError(
          "STORE_UNAVAILABLE",
          `The iCloud keychain helper did not answer within ${Math.round(this.timeoutMs / 1000)} s. Twofold restarts it on the next request; try again.`,
        );
        reject(error);
        this.dispose(error);
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ id, ...call })}\n`);
    });
  }

  /** Stops the helper; requests in flight fail with `reason`. */
  dispose(reason: TwofoldError): void {
    this.fail(reason);
    this.child.kill("SIGKILL");
  }

  /** Lets the helper finish and exit (it stops at the end of its stdin). */
  async close(): Promise<void> {
    if (this.failure === null) {
      const exited = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }
    this.fail(new TwofoldError("STORE_UNAVAILABLE", "The iCloud store was closed."));
  }

  private receive(line: string): void {
    let response: HelperResponse | undefined;
    try {
      const parsed = HelperResponse.safeParse(JSON.parse(line));
      if (parsed.success) response = parsed.data;
    } catch {
      // Not JSON: handled below.
    }
    if (response === undefined) {
      this.dispose(malformed());
      return;
    }
    const pending = this.pending.get(response.id);
    if (pending === undefined) return; // A reply after its request timed out.
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new HelperReplyError(response.error));
  }

  private fail(reason: TwofoldError): void {
    if (this.failure !== null) return;
    this.failure = reason;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.pending.clear();
  }
}

export function malformed(): TwofoldError {
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `The iCloud keychain helper sent a reply Twofold cannot read; it may be from another Twofold version. ${BUILD_HINT}`,
  );
}

export function spawnError(path: string, error: Error): TwofoldError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return new TwofoldError(
      "STORE_UNAVAILABLE",
      `The iCloud keychain helper is not installed at ${path}. ${BUILD_HINT}`,
      {
        cause: error,
      },
    );
  }
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `Cannot run the iCloud keychain helper at ${path}: ${error.message}. ${BUILD_HINT}`,
    {
      cause: error,
    },
  );
}

export function crashed(code: number | null, signal: NodeJS.Signals | null, stderrTail: string): TwofoldError {
  const how = signal === null ? `exit status ${code}` : `signal ${signal}`;
  const said = stderrTail.trim().split("\n").at(-1);
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `The iCloud keychain helper stopped unexpectedly (${how})${said ? `: ${said}` : ""}. Twofold starts it again on the next request; if this repeats, rebuild it with native-host/macos/build-helper.sh.`,
  );
}
