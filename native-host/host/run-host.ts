import type { Readable, Writable } from "node:stream";
import { checkJsonShape } from "../../src/protocol/check-json-shape";
import { type ReplyEnvelope, RequestEnvelope } from "../../src/protocol/envelope";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES, REQUEST_JSON_LIMITS } from "../../src/protocol/version";
import { encodeFrame } from "../framing/encode-frame";
import { FrameDecoder } from "../framing/frame-decoder";
import { failed, type Respond } from "./outcome";

export interface HostIo {
  input: Readable;
  output: Writable;
  /** Diagnostics; never stdout, which is the browser's channel. */
  log: (line: string) => void;
  maxRequestBytes?: number;
}

/**
 * The native messaging loop: decode → validate → dispatch → encode. Requests
 * are answered one at a time in arrival order, except an import: it can take
 * seconds (key derivation, thousands of accounts), so it runs beside the
 * queue and the popup's requests are answered meanwhile; a second import
 * while one runs is refused with `STORE_BUSY`. Replies carry their request's
 * id, so an import's reply may come after later requests'. A bad frame gets
 * an error reply; nothing a client sends can end the loop except closing
 * stdin.
 */
export function runHost(io: HostIo, respond: Respond): Promise<void> {
  const decoder = new FrameDecoder(io.maxRequestBytes ?? MAX_REQUEST_BYTES);
  let queue: Promise<void> = Promise.resolve();
  let importing: Promise<void> | null = null;
  // Set once the browser has closed its end of stdout: nothing sent after that can arrive.
  let outputClosed = false;

  const send = (reply: ReplyEnvelope) => {
    if (outputClosed) return;
    let frame: Buffer;
    try {
      frame = encodeFrame(reply, MAX_REPLY_BYTES);
    } catch (error) {
      io.log(`reply to ${String(reply.id)} too large: ${String(error)}`);
      frame = encodeFrame(
        { id: reply.id, ok: false, error: failed(error).error } satisfies ReplyEnvelope,
        MAX_REPLY_BYTES,
      );
    }
    io.output.write(frame);
  };

  const run = async (id: RequestEnvelope["id"], method: string, params: unknown) => {
    const outcome = await respond(method, params).catch((error: unknown) => failed(error));
    if (outcome.ok) {
      send({ id, ok: true, result: outcome.result });
      return;
    }
    if (outcome.error.code === "INTERNAL") {
      const { cause } = outcome;
      io.log(`${method} failed: ${cause instanceof Error ? cause.stack : String(cause)}`);
    }
    send({ id, ok: false, error: outcome.error });
  };

  const answer = async (body: Buffer) => {
    const tooComplex = checkJsonShape(body, REQUEST_JSON_LIMITS);
    if (tooComplex !== null) {
      // Checked before parsing: parsing is what such a message makes costly.
      send({
        id: null,
        ok: false,
        error: { code: "TOO_LARGE", message: `A message ${tooComplex}; no request needs that. It was skipped.` },
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      send({ id: null, ok: false, error: { code: "BAD_REQUEST", message: "The message is not valid JSON." } });
      return;
    }
    const envelope = RequestEnvelope.safeParse(json);
    if (!envelope.success) {
      const id = RequestEnvelope.shape.id.safeParse((json as { id?: unknown } | null)?.id);
      send({
        id: id.success ? id.data : null,
        ok: false,
        error: { code: "BAD_REQUEST", message: "A request is {id, method, params}." },
      });
      return;
    }
    const { id, method, params } = envelope.data;
    if (method !== "import") return run(id, method, params);
    if (importing !== null) {
      const busy = new TwofoldError(
        "STORE_BUSY",
        "An import is already running in this Twofold host. Wait until it finishes, then import again.",
      );
      send({ id, ok: false, error: busy.toBody() });
      return;
    }
    importing = run(id, method, params).finally(() => {
      importing = null;
    });
  };

  return new Promise((resolve, reject) => {
    io.input.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind === "too-large") {
          queue = queue.then(() =>
            send({
              id: null,
              ok: false,
              error: {
                code: "TOO_LARGE",
                message: `A message of ${frame.length} bytes exceeds the host's ${decoder.maxBytes}-byte limit; it was skipped.`,
              },
            }),
          );
        } else {
          queue = queue.then(() => answer(frame.body));
        }
      }
    });
    io.input.on("end", () => {
      if (decoder.midFrame) io.log("input ended inside a frame; the partial message was dropped");
      // The running import, if any, still answers before the loop ends.
      queue.then(() => importing ?? undefined).then(resolve, reject);
    });
    io.input.on("error", reject);
    // EPIPE: the browser went away without closing stdin first. That is how a
    // connection ends, not a crash: stop reading, let the running request and
    // import finish (a store write is never cut short), and end the loop.
    io.output.on("error", (error: NodeJS.ErrnoException) => {
      if (outputClosed) return;
      outputClosed = true;
      io.log(`the browser closed the connection (${error.code ?? error.message}); stopping`);
      io.input.pause();
      queue.then(() => importing ?? undefined).then(resolve, reject);
    });
  });
}
