import { readFile } from "node:fs/promises";
import { ImportFormat } from "../../../src/protocol/methods";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { flag, positional, stringOption, usageError } from "../args";
import type { Command } from "../command";
import { decodeText } from "./host";

export const importCommand: Command = {
  name: "import",
  usage: "twofold import FILE|- [--format F] [--dry-run] [--partial]",
  summary: "add accounts from another authenticator's export",
  options: { format: { type: "string" }, "dry-run": { type: "boolean" }, partial: { type: "boolean" } },
  async run(args, context) {
    const source = positional(args, 0, "the file to import (or - for standard input)", this.usage);
    const formatText = stringOption(args, "format");
    const format = formatText === undefined ? undefined : ImportFormat.safeParse(formatText);
    if (format && !format.success)
      throw usageError(`unknown format "${formatText}" (one of ${ImportFormat.options.join(", ")})`, this.usage);
    const bytes =
      source === "-"
        ? await readStream(context.stdin)
        : await readFile(source).catch((error: unknown) => {
            throw new TwofoldError(
              "NOT_FOUND",
              `Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
    const { runImport } = await import("../../import/run-import");
    const report = await runImport(
      await context.accounts(),
      { bytes, text: decodeText(bytes), password: context.environment.env.TWOFOLD_IMPORT_PASSWORD },
      {
        format: format?.data,
        dryRun: flag(args, "dry-run"),
        partial: flag(args, "partial"),
        onProgress: (done, total) => {
          if (total >= 1000 && (done % 1000 === 0 || done === total)) context.err(`  checked ${done} of ${total}`);
        },
      },
    );
    for (const account of report.added)
      context.out(`${report.applied ? "added" : "would add"}  ${account.issuer} ${account.label}`.trimEnd());
    for (const account of report.duplicates)
      context.out(`skipped  ${account.issuer} ${account.label} (already present)`.trimEnd());
    for (const problem of report.invalid) context.err(`invalid  ${problem.position}: ${problem.reason}`);
    const verb = report.applied ? "Added" : "Would add";
    context.out(
      `${verb} ${report.added.length}, skipped ${report.duplicates.length} duplicate(s), ${report.invalid.length} invalid (${report.format}).`,
    );
    if (report.invalid.length > 0 && !report.applied && !flag(args, "dry-run")) {
      context.err(
        "Nothing was imported because some entries are invalid. Fix them, or pass --partial to import the rest.",
      );
      return 1;
    }
    return 0;
  },
};

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
