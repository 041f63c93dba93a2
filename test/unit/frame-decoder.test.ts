import { describe, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { type DecodedFrame, FrameDecoder } from "../../native-host/framing/frame-decoder";
import { isTwofoldError } from "../../src/protocol/twofold-error";

const frame = (message: unknown) => encodeFrame(message, 1024 * 1024);
const bodies = (frames: DecodedFrame[]) =>
  frames.map((item) =>
    item.kind === "frame" ? JSON.parse(item.body.toString() || "null") : { tooLarge: item.length },
  );

describe("encodeFrame", () => {
  it("writes a little-endian length and UTF-8 JSON", () => {
    const bytes = frame({ a: "é" });
    expect(bytes.readUInt32LE(0)).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(bytes.subarray(4).toString()).toBe('{"a":"é"}');
  });

  it("refuses a message over the limit", () => {
    let caught: unknown;
    try {
      encodeFrame({ big: "x".repeat(100) }, 50);
    } catch (error) {
      caught = error;
    }
    expect(isTwofoldError(caught, "TOO_LARGE")).toBe(true);
  });
});

describe("FrameDecoder", () => {
  it("decodes a frame split across every byte boundary", () => {
    const bytes = frame({ id: 1, method: "hello" });
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new FrameDecoder(1024);
      const out = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(bodies(out)).toEqual([{ id: 1, method: "hello" }]);
      expect(decoder.midFrame).toBe(false);
    }
  });

  it("decodes several frames in one chunk, in order", () => {
    const decoder = new FrameDecoder(1024);
    const chunk = Buffer.concat([frame({ n: 1 }), frame({ n: 2 }), frame({ n: 3 })]);
    expect(bodies(decoder.push(chunk))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("yields an empty body for a zero-length frame", () => {
    const decoder = new FrameDecoder(1024);
    const out = decoder.push(Buffer.from([0, 0, 0, 0]));
    expect(out).toEqual([{ kind: "frame", body: Buffer.alloc(0) }]);
  });

  it("reports a length over the limit without allocating it, skips its body, and stays in step", () => {
    const decoder = new FrameDecoder(16);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(20);
    const junk = Buffer.alloc(20, 0x61);
    const out = [
      ...decoder.push(Buffer.concat([header, junk.subarray(0, 7)])),
      ...decoder.push(Buffer.concat([junk.subarray(7), frame({ ok: 1 })])),
    ];
    expect(bodies(out)).toEqual([{ tooLarge: 20 }, { ok: 1 }]);
  });

  it("reports a 4 GiB length as too large at once", () => {
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    expect(decoder.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toEqual([{ kind: "too-large", length: 0xffffffff }]);
    expect(decoder.midFrame).toBe(true);
  });

  it("knows when input ended inside a frame", () => {
    const decoder = new FrameDecoder(1024);
    decoder.push(frame({ a: 1 }).subarray(0, 6));
    expect(decoder.midFrame).toBe(true);
  });
});
