import { spawn } from "node:child_process";

/** Spawns a native messaging host and speaks frames to it, as a browser does. */
export class BenchHost {
  constructor(command, args, env = {}) {
    this.child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"], env: { ...process.env, ...env } });
    this.buffer = Buffer.alloc(0);
    this.waiting = [];
    this.bytesIn = 0;
    this.child.stdout.on("data", (chunk) => {
      this.bytesIn += chunk.length;
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4) {
        const length = this.buffer.readUInt32LE(0);
        if (this.buffer.length < 4 + length) break;
        const body = this.buffer.subarray(4, 4 + length);
        this.buffer = this.buffer.subarray(4 + length);
        this.waiting.shift()?.({ length, message: JSON.parse(body.toString("utf8")) });
      }
    });
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message));
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length);
    const reply = new Promise((resolve) => this.waiting.push(resolve));
    this.child.stdin.write(Buffer.concat([header, body]));
    return reply;
  }

  close() {
    this.child.stdin.end();
    return new Promise((resolve) => this.child.on("exit", resolve));
  }
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
