import { spawn } from "node:child_process";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { type Finished, MARK, type Outcome, parseOutcomes, securityLines, stripPrompts } from "./security-session";

/**
 * Apple's `security` command-line tool, run as one short-lived process per
 * call: a one-shot command, or an interactive session (`security -i`) whose
 * commands are written to its stdin — never to argv, which every user can
 * read with `ps`. How its output is read is in `security-session.ts`.
 */
export class SecurityTool {
  constructor(
    /** The executable, /usr/bin/security unless a test gives a stand-in. */
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
    /** How long one process may take (it may wait on a keychain dialog). */
    private readonly timeoutMs: number,
  ) {}

  /** Runs `commands` in one `security -i` and tells how each ended. */
  async session(commands: readonly string[]): Promise<{ stdout: string; outcomes: Outcome[] }> {
    const input = commands.map((command, index) => `${command}\n${MARK}${index}\n`).join("");
    const run = await this.run(["-i"], input);
    const outcomes = parseOutcomes(run.stderr, commands.length);
    if (outcomes === null) throw stopped(run);
    return { stdout: run.stdout, outcomes };
  }

  /** Runs one command; a status other than 0 is the caller's to explain, a stop by signal is an error. */
  async command(args: readonly string[]): Promise<Finished & { code: number }> {
    const run = await this.run(args);
    if (run.code === null) throw stopped(run);
    return { ...run, code: run.code };
  }

  private run(args: readonly string[], input = ""): Promise<Finished> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.path, args, { stdio: ["pipe", "pipe", "pipe"], env: this.env });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        child.kill("SIGKILL");
        reject(
          new TwofoldError(
            "STORE_UNAVAILABLE",
            `macOS's security tool did not finish within ${Math.round(this.timeoutMs / 1000)} s; a keychain dialog may be waiting for an answer. Answer it (or unlock your keychain) and try again.`,
          ),
        );
      }, this.timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(this.spawnError(error));
      });
      child.on("close", (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // latin1 keeps every byte; what security prints is ASCII or escaped.
        resolve({
          stdout: Buffer.concat(stdout).toString("latin1"),
          stderr: Buffer.concat(stderr).toString("latin1"),
          code,
          signal,
        });
      });
      // EPIPE when security exits before reading everything; "close" reports it.
      child.stdin.on("error", () => undefined);
      child.stdin.end(input);
    });
  }

  private spawnError(error: Error): TwofoldError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      return new TwofoldError(
        "STORE_UNAVAILABLE",
        `The keychain store needs macOS's /usr/bin/security, and ${this.path} does not exist here. On Linux use --store secret-service or --store file:PATH.`,
        { cause: error },
      );
    }
    return new TwofoldError("STORE_UNAVAILABLE", `Cannot run ${this.path}: ${error.message}`, { cause: error });
  }
}

function stopped(run: Finished): TwofoldError {
  const how = run.signal === null ? `exit status ${run.code}` : `signal ${run.signal}`;
  const said = securityLines(stripPrompts(run.stderr)) || run.stderr.trim().split("\n").at(-1) || "";
  return new TwofoldError(
    "STORE_UNAVAILABLE",
    `macOS's security tool stopped before finishing (${how})${said ? `: ${said}` : "."} Try again; if it repeats, check your login keychain in Keychain Access.`,
  );
}
