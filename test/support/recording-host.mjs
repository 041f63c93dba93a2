#!/usr/bin/env node
// Test-only: stands between the browser and the real host and records every
// byte each way into TWOFOLD_RECORD_DIR, so a test can prove what crossed the
// protocol boundary. Usage (from a launcher): recording-host.mjs NODE HOST_SCRIPT ARGS...
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";

const [node, script, ...args] = process.argv.slice(2);
const dir = process.env.TWOFOLD_RECORD_DIR;
if (!node || !script || !dir) {
  process.stderr.write(
    "recording-host: usage: recording-host.mjs NODE HOST_SCRIPT ARGS... with TWOFOLD_RECORD_DIR set\n",
  );
  process.exit(2);
}
const stamp = `${process.pid}`;
const toHost = createWriteStream(join(dir, `${stamp}.to-host.bin`));
const fromHost = createWriteStream(join(dir, `${stamp}.from-host.bin`));
const host = spawn(node, [script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.on("data", (chunk) => {
  toHost.write(chunk);
  host.stdin.write(chunk);
});
process.stdin.on("end", () => host.stdin.end());
host.stdout.on("data", (chunk) => {
  fromHost.write(chunk);
  process.stdout.write(chunk);
});
host.on("exit", (code) => {
  toHost.end();
  fromHost.end(() => process.exit(code ?? 0));
});
