import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import type { HostHandlers } from "../../native-host/host/host-handlers";
import { serveHost } from "../../native-host/host/serve-host";

/** How long to wait for a state before failing: long, for a busy machine. */
const WAIT = { timeout: 15_000 };

interface Reply {
  id: string | number | null;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * The host over in-memory streams, with handlers that count how often they
 * were loaded and warmed: `loads` as it stood when each reply was written.
 */
function serve(loadHandlers: () => Promise<HostHandlers>) {
  const input = new PassThrough();
  const output = new PassThrough();
  const decoder = new FrameDecoder(1 << 20);
  const log: string[] = [];
  const counts = { loads: 0 };
  const replies: { reply: Reply; loadsBefore: number }[] = [];
  output.on("data", (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      if (frame.kind === "frame")
        replies.push({ reply: JSON.parse(frame.body.toString("utf8")) as Reply, loadsBefore: counts.loads });
    }
  });
  const done = serveHost(
    { input, output, log: (line) => log.push(line) },
    {
      identity: { version: "9.9.9", storeSpec: "file:/vault.json" },
      loadHandlers: () => {
        counts.loads += 1;
        return loadHandlers();
      },
    },
  );
  let id = 0;
  const send = (method: string, params?: unknown) => input.write(encodeFrame({ id: ++id, method, params }, 1 << 20));
  const replyTo = (n: number) =>
    vi.waitFor(() => {
      const found = replies.find(({ reply }) => reply.id === n);
      if (found === undefined) throw new Error(`no reply to ${n} yet`);
      return found;
    }, WAIT);
  return { input, send, replyTo, counts, log, done };
}

const fakeHandlers = (calls: string[]): HostHandlers => ({
  respond: async (method) => {
    calls.push(method);
    return { ok: true, result: { accounts: [] } };
  },
  warmUp: () => calls.push("warmUp"),
  close: async () => {
    calls.push("close");
  },
});

let host: ReturnType<typeof serve> | undefined;
afterEach(async () => {
  host?.input.end();
  await host?.done;
  host = undefined;
});

describe("serveHost", () => {
  it("answers hello before it loads the handlers, then loads them once and warms the store", async () => {
    const calls: string[] = [];
    host = serve(async () => fakeHandlers(calls));
    host.send("hello", { protocol: 1 });
    const hello = await host.replyTo(1);
    expect(hello).toEqual({
      reply: { id: 1, ok: true, result: { protocol: 1, version: "9.9.9", store: "file:/vault.json" } },
      loadsBefore: 0,
    });
    await vi.waitFor(() => expect(calls).toEqual(["warmUp"]), WAIT);
    host.send("accounts.list", {});
    expect((await host.replyTo(2)).reply).toEqual({ id: 2, ok: true, result: { accounts: [] } });
    host.input.end();
    await host.done;
    expect(calls).toEqual(["warmUp", "accounts.list", "close"]);
    expect(host.counts.loads).toBe(1);
  });

  it.each([
    ["an old protocol", { protocol: 2 }, "UNSUPPORTED_VERSION", /speaks protocol 1, the extension 2\. Update both/],
    ["no protocol", {}, "BAD_REQUEST", /^Invalid params for hello at protocol: /],
  ])("refuses a hello with %s, and loads nothing", async (_case, params, code, message) => {
    host = serve(async () => fakeHandlers([]));
    host.send("hello", params);
    const { reply } = await host.replyTo(1);
    expect(reply).toMatchObject({ id: 1, ok: false, error: { code } });
    expect(reply.error?.message).toMatch(message);
    host.input.end();
    await host.done;
    expect(host.counts.loads).toBe(0);
  });

  it("still answers hello when the handlers cannot load, and says so for every other request", async () => {
    host = serve(() => Promise.reject(new Error("Cannot find module './twofold-handlers.cjs'")));
    host.send("hello", { protocol: 1 });
    expect((await host.replyTo(1)).reply.ok).toBe(true);
    host.send("codes.forUrl", { url: "https://example.com/" });
    const { reply } = await host.replyTo(2);
    expect(reply).toMatchObject({ id: 2, ok: false, error: { code: "INTERNAL" } });
    expect(reply.error?.message).toMatch(/unexpected error\. Run `twofold doctor`/);
    // The cause goes to the log (stderr), not to the browser.
    expect(reply.error?.message).not.toMatch(/twofold-handlers/);
    expect(host.log.join("\n")).toMatch(/codes\.forUrl failed: .*Cannot find module '\.\/twofold-handlers\.cjs'/);
    host.send("hello", { protocol: 1 });
    expect((await host.replyTo(3)).reply.ok).toBe(true);
  });
});
