/** What the decoder yields for each frame it has read. */
export type DecodedFrame =
  | { kind: "frame"; body: Buffer }
  /** A header announced more than the limit; its body is skipped, not read. */
  | { kind: "too-large"; length: number };

/**
 * Streaming decoder for native messaging frames. Feed it chunks as they
 * arrive; it yields whole frames. The length is checked against `maxBytes`
 * before anything is allocated, and an oversized frame is skipped byte by
 * byte so the stream stays in step.
 */
export class FrameDecoder {
  private header = Buffer.alloc(4);
  private headerFilled = 0;
  private body: Buffer | null = null;
  private bodyFilled = 0;
  private skipRemaining = 0;

  constructor(readonly maxBytes: number) {}

  /** Consumes `chunk` and returns the frames it completed, in order. */
  push(chunk: Uint8Array): DecodedFrame[] {
    const frames: DecodedFrame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, chunk.length - offset);
        this.skipRemaining -= n;
        offset += n;
        continue;
      }
      if (this.body === null) {
        const n = Math.min(4 - this.headerFilled, chunk.length - offset);
        this.header.set(chunk.subarray(offset, offset + n), this.headerFilled);
        this.headerFilled += n;
        offset += n;
        if (this.headerFilled < 4) break;
        this.headerFilled = 0;
        const length = this.header.readUInt32LE(0);
        if (length > this.maxBytes) {
          this.skipRemaining = length;
          frames.push({ kind: "too-large", length });
        } else if (length === 0) {
          frames.push({ kind: "frame", body: Buffer.alloc(0) });
        } else {
          this.body = Buffer.allocUnsafe(length);
          this.bodyFilled = 0;
        }
        continue;
      }
      const n = Math.min(this.body.length - this.bodyFilled, chunk.length - offset);
      this.body.set(chunk.subarray(offset, offset + n), this.bodyFilled);
      this.bodyFilled += n;
      offset += n;
      if (this.bodyFilled === this.body.length) {
        frames.push({ kind: "frame", body: this.body });
        this.body = null;
      }
    }
    return frames;
  }

  /** True when the stream ended inside a frame. */
  get midFrame(): boolean {
    return this.headerFilled > 0 || this.body !== null || this.skipRemaining > 0;
  }
}
