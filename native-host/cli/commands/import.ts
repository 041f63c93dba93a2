import { readFile } from "node:fs/promises";
import { ImportFormat } from "../../../src/protocol/methods";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { decodeText } from "../../import/decode-text";
import { flag, positional, stringOption, usageError } from "../args";
import type { Command } from "../command";
import { importSummary } from "../import-summary";
import { readStream } from "../read-stream";

export const importCommand: Command = {
  name: "import",
  usage: "twofold import FILE|- [--format F] [--dry-run] [--partial]",
  summary: "add accounts from another authenticator's export",
  details: [
    "The format is detected; accounts already in Twofold (same secret, issuer and account) are skipped. Nothing is added unless every entry is good.",
    ["FILE|-", "the export, or - for standard input"],
    ["--format F", `name the format: ${ImportFormat.options.join(", ")}`],
    ["--dry-run", "report what would be added, and add nothing"],
    ["--partial", "add the good entries even when some are invalid"],
    ["TWOFOLD_IMPORT_PASSWORD", "the password of an encrypted export (Aegis, a Twofold backup)"],
  ],
  options: { format: { type: "string" }, "dry-run": { type: "boolean" }, partial: { type: "boolean" } },
  maxPositionals: 1,
  async run(args, context) {
    const source = positional(args, 0, "the file to import (or - for standard input)", this.usage);
    const formatText = stringOption(args, "format");
    const format = formatText === undefined ? undefined : ImportFormat.safeParse(formatText);
    if (format && !format.success)
      throw usageError(`unknown format "${formatText}" (one of ${ImportFormat.options.join(", ")})`, this.usage);
    const bytes =
      source === "-"
        ? ((await readStream(context.stdin)) ?? Buffer.alloc(0))
        : await readFile(source).catch((error: unknown) => {
            throw new TwofoldError(
              "NOT_FOUND",
              `Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
    const { runImport } = await import("../../import/run-import");
    const dryRun = flag(args, "dry-run");
    const report = await runImport(
      await context.accounts(),
      { bytes, text: decodeText(bytes), password: context.environment.env.TWOFOLD_IMPORT_PASSWORD },
      {
        format: format?.data,
        dryRun,
        partial: flag(args, "partial"),
        onProgress: (done, total) => {
          if (total >= 1000 && (done % 1000 === 0 || done === total)) context.err(`  checked ${done} of ${total}`);
        },
      },
    );
    const verb = report.applied ? "added" : dryRun ? "would add" : "not added";
    for (const account of report.added) context.out(`${verb}  ${account.issuer} ${account.label}`.trimEnd());
    for (const account of report.duplicates)
      context.out(`skipped  ${account.issuer} ${account.label} (already in Twofold)`.trimEnd());
    for (const problem of report.invalid) context.err(`invalid  ${problem.position}: ${problem.reason}`);
    const summary = importSummary(report, dryRun);
    if (summary.stream === "out") context.out(summary.line);
    else context.err(`twofold: ${summary.line}`);
    return summary.status;
  },
};
