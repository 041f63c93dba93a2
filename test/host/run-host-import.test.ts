import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import { type HostContext, respondWith } from "../../native-host/host/handle-request";
import { runHost } from "../../native-host/host/run-host";
import type { MethodResult } from "../../src/protocol/methods";

interface Reply {
  id: string | number | null;
  ok: boolean;
  error?: { code: string; message: string };
}

/**
 * The host loop over in-memory streams, with an import that finishes only
 * when the test says so: what the host does meanwhile is then a matter of
 * state, not of timing.
 */
function loop() {
  const input = new PassThrough();
  const output = new PassThrough();
  const decoder = new FrameDecoder(1 << 20);
  const replies: Reply[] = [];
  const waiters: (() => void)[] = [];
  output.on("data", (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      if (frame.kind === "frame") replies.push(JSON.parse(frame.body.toString("utf8")) as Reply);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const imports: { finish: () => void }[] = [];
  const importStarted: (() => void)[] = [];
  const context: HostContext = {
    accounts: () => Promise.reject(new Error("not used")),
    storeSpec: "file:/nonexistent",
    version: "test",
    importData: () =>
      new Promise<MethodResult<"import">>((resolve) => {
        imports.push({
          finish: () =>
            resolve({ report: { format: "otpauth", applied: false, added: [], duplicates: [], invalid: [] } }),
        });
        for (const wake of importStarted.splice(0)) wake();
      }),
    storeStatus: async () => ({ spec: "file:/nonexistent", ok: true, message: "ok" }),
    doctor: async () => ({ findings: [] }),
  };
  const done = runHost({ input, output, log: () => undefined }, respondWith(context));
  const send = (message: unknown) => input.write(encodeFrame(message, 1 << 26));
  /** Resolves once `count` replies have arrived. */
  const repliesFor = async (count: number): Promise<Reply[]> => {
    while (replies.length < count) await new Promise<void>((wake) => waiters.push(wake));
    return replies.slice(0, count);
  };
  /** Resolves once the `nth` import (1-based) has started, with the way to finish it. */
  const importRunning = async (nth = 1): Promise<{ finish: () => void }> => {
    while (imports.length < nth) await new Promise<void>((wake) => importStarted.push(wake));
    return imports[nth - 1] as { finish: () => void };
  };
  return { input, send, repliesFor, importRunning, done };
}

let host: ReturnType<typeof loop>;
beforeEach(() => {
  host = loop();
});
afterEach(async () => {
  if (!host.input.writableEnded) host.input.end();
  await host.done;
});

describe("an import in the host loop", () => {
  it("does not hold up other requests, and a second import meanwhile is refused", async () => {
    host.send({ id: 1, method: "import", params: { data: "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP" } });
    const running = await host.importRunning();
    host.send({ id: 2, method: "hello", params: { protocol: 1 } });
    host.send({ id: 3, method: "import", params: { data: "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP" } });
    host.send({ id: 4, method: "store.status", params: {} });
    const early = await host.repliesFor(3);
    expect(early.map((reply) => [reply.id, reply.ok, reply.error?.code])).toEqual([
      [2, true, undefined],
      [3, false, "STORE_BUSY"],
      [4, true, undefined],
    ]);
    expect(early[1]?.error?.message).toMatch(/An import is already running.*Wait until it finishes, then import again/);

    running.finish();
    expect((await host.repliesFor(4))[3]).toMatchObject({ id: 1, ok: true });
    // Once it has finished, importing again is allowed.
    host.send({ id: 5, method: "import", params: { data: "otpauth://totp/c?secret=JBSWY3DPEHPK3PXP" } });
    const again = await host.importRunning(2);
    // The browser closing the port meanwhile does not lose the import's answer.
    host.input.end();
    again.finish();
    await host.done;
    expect((await host.repliesFor(5))[4]).toMatchObject({ id: 5, ok: true });
  });
});

describe("a request's JSON", () => {
  it.each([
    ["nested 1,000 deep", `{"id":1,"method":"hello","params":${"[".repeat(1000)}${"]".repeat(1000)}}`],
    ["with 30,000 values", `{"id":1,"method":"hello","params":[${"0,".repeat(30_000)}0]}`],
  ])("%s is refused as TOO_LARGE before it is parsed, and the host stays in step", async (_name, body) => {
    const bytes = Buffer.from(body);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(bytes.length);
    host.input.write(Buffer.concat([header, bytes]));
    host.send({ id: 2, method: "hello", params: { protocol: 1 } });
    const [refused, hello] = await host.repliesFor(2);
    expect(refused).toMatchObject({ id: null, ok: false, error: { code: "TOO_LARGE" } });
    expect(refused?.error?.message).toMatch(/A message (nests deeper than 16 levels|holds more than 20,000 values)/);
    expect(hello).toMatchObject({ id: 2, ok: true });
    // Structure inside a string is not structure: a large import travels as one.
    const data = JSON.stringify({ entries: Array.from({ length: 50_000 }, () => [0, 0]) });
    host.send({ id: 3, method: "import", params: { data } });
    (await host.importRunning()).finish();
    expect((await host.repliesFor(3))[2]).toMatchObject({ id: 3, ok: true });
  });
});
