import { TwofoldError } from "../../src/protocol/twofold-error";

/**
 * One native messaging frame: a 32-bit little-endian length, then the UTF-8
 * JSON. Throws `TOO_LARGE` rather than produce a frame the browser rejects.
 */
export function encodeFrame(message: unknown, maxBytes: number): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  if (body.length > maxBytes) {
    throw new TwofoldError("TOO_LARGE", `A message of ${body.length} bytes exceeds the ${maxBytes}-byte limit.`);
  }
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}
