import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import { hostArguments } from "../../native-host/install/browser-invocation";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../src/identity";
import { HOST_COMMAND } from "../support/host-process";

const ORIGIN = `chrome-extension://${DEV_EXTENSION_ID}/`;
const FIREFOX_MANIFEST = "/home/ada/.mozilla/native-messaging-hosts/dev.twofold.host.json";

describe("hostArguments reads a browser's own arguments as `host`", () => {
  it.each([
    [[ORIGIN], ["host", ORIGIN]],
    [
      [ORIGIN, "--parent-window=0"],
      ["host", ORIGIN, "--parent-window=0"],
    ],
    [
      [FIREFOX_MANIFEST, FIREFOX_ADDON_ID],
      ["host", FIREFOX_MANIFEST, FIREFOX_ADDON_ID],
    ],
    [
      ["host", "--store", "file:v.json", ORIGIN],
      ["host", "--store", "file:v.json", ORIGIN],
    ],
    [["list"], ["list"]],
    [[], []],
    // Another program's manifest, or a relative path, is not a browser starting Twofold.
    [["/tmp/other.host.json"], ["/tmp/other.host.json"]],
    [["dev.twofold.host.json"], ["dev.twofold.host.json"]],
    [
      ["import", "chrome-extension://x/"],
      ["import", "chrome-extension://x/"],
    ],
  ])("%j → %j", (argv, expected) => {
    expect(hostArguments(argv)).toEqual(expected);
  });
});

describe("a browser starting Twofold directly, as a manifest naming the single executable does", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "twofold-invocation-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["Chromium", [ORIGIN]],
    ["Firefox", [FIREFOX_MANIFEST, FIREFOX_ADDON_ID]],
  ])("%s's arguments start the host", async (_browser, argv) => {
    const store = `file:${join(dir, "vault.json")}`;
    const [program, ...programArgs] = HOST_COMMAND;
    const child = spawn(program, [...programArgs, ...argv], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, TWOFOLD_STORE: store },
    });
    const decoder = new FrameDecoder(1 << 20);
    const replies: unknown[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk))
        if (frame.kind === "frame") replies.push(JSON.parse(frame.body.toString()));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(encodeFrame({ id: 1, method: "hello", params: { protocol: 1 } }, 1 << 20));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, stderr).toBe(0);
    expect(replies).toEqual([{ id: 1, ok: true, result: { protocol: 1, version: expect.any(String), store } }]);
    expect(stderr).toContain(`started for ${argv.join(" ")}`);
  });
});
