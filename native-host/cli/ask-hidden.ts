import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { TwofoldError } from "../../src/protocol/twofold-error";

/** A terminal to ask on: `setRawMode` is what turns the terminal's own echo off. */
export type TerminalInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Asks `question` on `output` and reads one line from the terminal without
 * showing it, so a secret pasted there stays off the screen, out of the
 * scrollback and out of the process arguments. Ctrl-C or Ctrl-D cancels.
 */
export function askHidden(question: string, input: TerminalInput, output: NodeJS.WritableStream): Promise<string> {
  // Readline in terminal mode puts the terminal in raw mode and echoes through
  // its output; sending that echo nowhere hides what is typed or pasted.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input, output: silent, terminal: true });
  // Only now ask: a paste that follows the prompt at once would otherwise still be echoed.
  output.write(question);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: { line: string } | { error: TwofoldError }) => {
      if (settled) return;
      settled = true;
      output.write("\n");
      reader.close();
      if ("line" in result) resolve(result.line);
      else reject(result.error);
    };
    reader.on("line", (line) => finish({ line }));
    reader.on("SIGINT", () => finish({ error: cancelled() }));
    reader.on("close", () => finish({ error: cancelled() }));
  });
}

function cancelled(): TwofoldError {
  return new TwofoldError("USER_CANCELLED", "Cancelled; nothing was added.");
}
