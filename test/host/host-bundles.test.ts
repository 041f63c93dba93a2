import { spawn } from "node:child_process";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));

interface Reply {
  id: number;
  ok: boolean;
  error?: { code: string; message: string };
}

/** Runs `node LOADER host` on `requests`, closes its input, and collects its replies once it exits. */
function runHost(loader: string, store: string, requests: { method: string; params: unknown }[]) {
  const child = spawn(process.execPath, [loader, "host", "--store", store, "chrome-extension://x/"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const decoder = new FrameDecoder(1 << 20);
  const replies: Reply[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    for (const frame of decoder.push(chunk))
      if (frame.kind === "frame") replies.push(JSON.parse(frame.body.toString("utf8")) as Reply);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(Buffer.concat(requests.map((request, index) => encodeFrame({ id: index + 1, ...request }, 1 << 20))));
  return new Promise<{ code: number | null; replies: Reply[]; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, replies, stderr })),
  );
}

const HELLO = { method: "hello", params: { protocol: 1 } };
const LIST = { method: "accounts.list", params: {} };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-bundles-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the built loader and the named bundles, without their code caches. */
async function install(bundles: string[]): Promise<string> {
  for (const file of ["twofold.cjs", ...bundles.map((name) => `${name}.cjs`)])
    await copyFile(join(DIST, file), join(dir, file));
  return join(dir, "twofold.cjs");
}

describe("the host's bundles", () => {
  it("answer hello from the host's own bundle, without the handlers' or the CLI's", async () => {
    const loader = await install(["twofold-host"]);
    const { code, replies, stderr } = await runHost(loader, `file:${join(dir, "vault.json")}`, [HELLO, LIST]);
    expect(code).toBe(0);
    expect(replies[0]).toMatchObject({ id: 1, ok: true });
    // Without its handlers the host says what to do, and logs why.
    expect(replies[1]).toMatchObject({ id: 2, ok: false, error: { code: "INTERNAL" } });
    expect(replies[1]?.error?.message).toMatch(/Run `twofold doctor`/);
    expect(stderr).toMatch(/accounts\.list failed: .*twofold-handlers\.cjs/);
  });

  it("write each bundle's code cache the first time they run", async () => {
    const loader = await install(["twofold-host", "twofold-handlers"]);
    const { code, replies } = await runHost(loader, `file:${join(dir, "vault.json")}`, [HELLO, LIST]);
    expect(code).toBe(0);
    expect(replies.map((reply) => reply.ok)).toEqual([true, true]);
    expect((await readdir(dir)).filter((name) => name.endsWith(".cache")).sort()).toEqual([
      "twofold-handlers.cache",
      "twofold-host.cache",
    ]);
  });
});
