import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { askHidden } from "../../../native-host/cli/ask-hidden";
import { ARGV_WARNING } from "../../../native-host/cli/commands/add";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../../support/host-process";
import { UNKNOWN_ISSUER_SECRET, UNKNOWN_ISSUER_URI, withTempCli } from "./temp-cli";

const cli = withTempCli();

describe("twofold add keeps the secret out of the process arguments", () => {
  // A skip says why in its title, which npm test's summary lists.
  const hasProc = existsSync("/proc/self/cmdline");
  const unlessProc = hasProc ? "" : " (skipped: no /proc here to read a process's arguments)";
  it.runIf(hasProc)(`add - reads the URI from standard input${unlessProc}`, async () => {
    const child = spawn(process.execPath, [HOST_BUNDLE, "--store", cli().store, "add", "-"], {
      cwd: cli().dir,
      env: { PATH: process.env.PATH, HOME: cli().dir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // What another user sees of the running process, read while it waits for its input.
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "utf8");
    expect(cmdline).toContain("add\u0000-");
    child.stdin.end(`${UNKNOWN_ISSUER_URI}\n`);
    expect(await exited, stderr).toBe(0);
    expect(stdout).toBe("Added Example Co (bob).\n");
    expect(stderr).not.toContain("other users of this computer");
    for (const args of [cmdline, child.spawnargs.join(" ")]) {
      expect(args).not.toContain(UNKNOWN_ISSUER_SECRET);
      expect(args).not.toContain("otpauth:");
    }
    expect(await cli().accounts()).toEqual([expect.objectContaining({ issuer: "Example Co", label: "bob" })]);
  });

  // util-linux `script` runs the CLI on a real pseudo-terminal, as a person at a prompt would.
  const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;
  const unlessScript = hasScript ? "" : " (skipped: util-linux script is not installed)";
  it.runIf(hasScript)(`add with no URI asks for it on the terminal without echoing it${unlessScript}`, async () => {
    const command = `${process.execPath} ${HOST_BUNDLE} --store ${cli().store} add`;
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: cli().dir,
      env: { PATH: process.env.PATH, HOME: cli().dir, TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let typed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      // Type only once the prompt is there, and hang up once the answer is.
      if (!typed && screen.includes("(it will not be shown): ")) {
        typed = true;
        child.stdin.write(`${UNKNOWN_ISSUER_URI}\r`);
      }
      if (/Added|twofold: /.test(screen)) child.stdin.end();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(await exited, screen).toBe(0);
    expect(screen).toMatch(/^otpauth:\/\/ URI \(it will not be shown\): \r\nAdded Example Co \(bob\)\.\r\n/);
    expect(screen).not.toContain(UNKNOWN_ISSUER_SECRET);
    expect(screen).not.toContain("other users of this computer");
    expect(await cli().accounts()).toEqual([expect.objectContaining({ issuer: "Example Co" })]);
  });

  it("a URI in the arguments still works, with a warning that says what to do instead", () => {
    const result = cli().run(["add", UNKNOWN_ISSUER_URI, "--domain", "example.com"]);
    expect(result).toMatchObject({ status: 0, stdout: "Added Example Co (bob) for example.com.\n" });
    expect(result.stderr).toBe(`${ARGV_WARNING}\n`);
    expect(ARGV_WARNING).toBe(
      "twofold: warning: other users of this computer can read a command's arguments while it runs, and your shell keeps them in its history; next time, run `twofold add` and paste the URI when asked, or pipe it into `twofold add -`.",
    );
  });

  it.each([
    ["", /Standard input was empty; nothing was added/],
    [
      `${UNKNOWN_ISSUER_URI}\n${UNKNOWN_ISSUER_URI}\n`,
      /holds 2 lines; `twofold add -` takes one URI\. To add them all, use `twofold import -`/,
    ],
    ["otpauth://totp/x?secret=!!", /./],
  ])("add - refuses bad input %#, adding nothing", async (input, message) => {
    const result = cli().run(["add", "-"], { input });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(await cli().accounts()).toEqual([]);
  });
});

/** A stand-in terminal: what `process.stdin` is when a person types at a prompt. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => {
    shown += chunk.toString();
  });
  return { input, output, shown: () => shown };
}

describe("askHidden", () => {
  it("reads a pasted line without showing it, in raw mode", async () => {
    const terminal = fakeTerminal();
    const answer = askHidden("URI: ", terminal.input, terminal.output);
    terminal.input.write(`${UNKNOWN_ISSUER_URI}\r`);
    expect(await answer).toBe(UNKNOWN_ISSUER_URI);
    expect(terminal.shown()).toBe("URI: \n");
    expect(terminal.input.setRawMode).toHaveBeenCalledWith(true);
    expect(terminal.input.setRawMode).toHaveBeenLastCalledWith(false);
  });

  it.each([
    ["Ctrl-C", "\u0003"],
    ["Ctrl-D", "\u0004"],
  ])("%s cancels", async (_name, key) => {
    const terminal = fakeTerminal();
    const answer = askHidden("URI: ", terminal.input, terminal.output).catch((error: unknown) => error);
    terminal.input.write(key);
    const error = await answer;
    expect(isTwofoldError(error, "USER_CANCELLED")).toBe(true);
    expect(terminal.shown()).toBe("URI: \n");
  });
});
