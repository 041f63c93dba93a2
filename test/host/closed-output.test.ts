import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { HOST_COMMAND } from "../support/host-process";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-closed-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A browser can go away without closing the host's stdin first: the host's
// next reply then meets a closed pipe (EPIPE). That ends the connection; it
// must not end the host with an uncaught error and a stack trace.
it("stops quietly when the browser closes stdout before the replies", async () => {
  const [program, ...args] = HOST_COMMAND;
  const child = spawn(
    program,
    [...args, "host", "--store", `file:${join(dir, "vault.json")}`, "chrome-extension://x/"],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.on("error", () => undefined); // the host may be gone before the last frame is written
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  child.stdout.destroy();
  child.stdin.write(encodeFrame({ id: 1, method: "hello", params: { protocol: 1 } }, 1 << 20));
  child.stdin.write(encodeFrame({ id: 2, method: "accounts.list", params: {} }, 1 << 20));
  expect(await exited).toBe(0);
  expect(stderr).toMatch(/the browser closed the connection \(EPIPE\); stopping/);
  expect(stderr).not.toMatch(/Uncaught|Error: write|at /);
});
