import type { Readable, Writable } from "node:stream";
import { type ReplyEnvelope, RequestEnvelope } from "../../src/protocol/envelope";
import { asTwofoldError, type TwofoldError } from "../../src/protocol/twofold-error";
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES } from "../../src/protocol/version";
import { encodeFrame } from "../framing/encode-frame";
import { FrameDecoder } from "../framing/frame-decoder";
import { type HostContext, handleRequest } from "./handle-request";

export interface HostIo {
  input: Readable;
  output: Writable;
  /** Diagnostics; never stdout, which is the browser's channel. */
  log: (line: string) => void;
  maxRequestBytes?: number;
}

/**
 * The native messaging loop: decode → validate → dispatch → encode. Requests
 * are answered one at a time in arrival order. A bad frame gets an error
 * reply; nothing a client sends can end the loop except closing stdin.
 */
export function runHost(io: HostIo, context: HostContext): Promise<void> {
  const decoder = new FrameDecoder(io.maxRequestBytes ?? MAX_REQUEST_BYTES);
  let queue: Promise<void> = Promise.resolve();

  const send = (reply: ReplyEnvelope) => {
    let frame: Buffer;
    try {
      frame = encodeFrame(reply, MAX_REPLY_BYTES);
    } catch (error) {
      io.log(`reply to ${String(reply.id)} too large: ${String(error)}`);
      frame = encodeFrame(
        { id: reply.id, ok: false, error: toError(error).toBody() } satisfies ReplyEnvelope,
        MAX_REPLY_BYTES,
      );
    }
    io.output.write(frame);
  };

  const answer = async (body: Buffer) => {
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
    try {
      send({ id, ok: true, result: await handleRequest(method, params, context) });
    } catch (error) {
      const failure = toError(error);
      if (failure.code === "INTERNAL")
        io.log(`${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
      send({ id, ok: false, error: failure.toBody() });
    }
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
      queue.then(resolve, reject);
    });
    io.input.on("error", reject);
  });
}

/** Any failure as a protocol error; unexpected ones become `INTERNAL`. */
function toError(error: unknown): TwofoldError {
  // The cause goes to stderr only: an unexpected error's text could quote data.
  return asTwofoldError(
    error,
    "The Twofold host hit an unexpected error. Run `twofold doctor`; if it persists, report it with the host's log.",
  );
}
