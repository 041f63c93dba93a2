import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";

export const HOST_BUNDLE = fileURLToPath(new URL("../../dist/twofold.cjs", import.meta.url));

/**
 * The command that starts Twofold in the tests that run it as a browser
 * would: this node with the built loader, or the single executable named by
 * TWOFOLD_TEST_HOST (`npm run test:package` sets it to the one it built).
 */
export const HOST_COMMAND: readonly [string, ...string[]] = process.env.TWOFOLD_TEST_HOST
  ? [resolve(process.env.TWOFOLD_TEST_HOST)]
  : [process.execPath, HOST_BUNDLE];

export interface Reply {
  id: string | number | null;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * The built host, started the way a browser starts it (`host` plus the
 * caller's origin), spoken to in real native messaging frames.
 */
export class HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every byte the host wrote to stdout, to prove nothing but frames went there. */
  readonly stdout: Buffer[] = [];
  stderr = "";
  private readonly decoder = new FrameDecoder(2 ** 31);
  private readonly waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  private ended = false;
  /** Why the host's stdin broke (EPIPE once it is killed), for the next rejection to quote. */
  private stdinError: Error | null = null;
  private readonly queued: Reply[] = [];
  private nextId = 1;
  readonly exited: Promise<number | null>;

  constructor(storeSpec: string, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []) {
    const [program, ...programArgs] = HOST_COMMAND;
    this.child = spawn(
      program,
      [
        ...programArgs,
        "host",
        "--store",
        storeSpec,
        "chrome-extension://plkjnmpefikmahbgbdighjahmeofolcn/",
        ...extraArgs,
      ],
      {
        env: { ...process.env, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.stdout.push(chunk);
      for (const frame of this.decoder.push(chunk)) {
        if (frame.kind !== "frame") throw new Error("host sent an oversized frame");
        const reply = JSON.parse(frame.body.toString("utf8")) as Reply;
        const waiter = this.waiting.shift();
        if (waiter) waiter.resolve(reply);
        else this.queued.push(reply);
      }
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    // A write that races a kill fails with EPIPE; unhandled, that error would be an uncaught
    // exception in the test run. The exit handler below rejects whatever was waiting.
    this.child.stdin.on("error", (error) => {
      this.stdinError = error;
    });
    this.exited = new Promise((resolve) =>
      this.child.on("exit", (code) => {
        this.ended = true;
        for (const waiter of this.waiting.splice(0)) waiter.reject(this.exitError(code));
        resolve(code);
      }),
    );
  }

  /** The next reply, in order; rejects if the host exits first. */
  next(timeoutMs = 60_000): Promise<Reply> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.exitError(this.child.exitCode));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiting.push({
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Sends bytes as they are; after the host has exited this throws rather than writing into a closed pipe. */
  writeRaw(bytes: Uint8Array): void {
    if (this.ended) throw this.exitError(this.child.exitCode);
    this.child.stdin.write(bytes);
  }

  async request(method: string, params?: unknown): Promise<Reply> {
    const id = this.nextId++;
    this.writeRaw(encodeFrame({ id, method, params }, 2 ** 31));
    const reply = await this.next();
    if (reply.id !== id) throw new Error(`reply ${String(reply.id)} for request ${id}`);
    return reply;
  }

  /** Calls a method and returns its result, failing on an error reply. */
  async call<T = Record<string, unknown>>(method: string, params?: unknown): Promise<T> {
    const reply = await this.request(method, params);
    if (!reply.ok) throw new Error(`${method} failed: ${reply.error?.code} ${reply.error?.message}`);
    return reply.result as T;
  }

  private exitError(code: number | null): Error {
    const signal = this.child.signalCode ? ` by ${this.child.signalCode}` : "";
    const pipe = this.stdinError ? `; writing to it failed: ${this.stdinError.message}` : "";
    return new Error(`the host exited (${code})${signal}${pipe}`);
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}
