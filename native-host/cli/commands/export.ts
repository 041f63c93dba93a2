import { flag, stringOption, usageError } from "../args";
import type { Command } from "../command";

export const exportCommand: Command = {
  name: "export",
  usage: "twofold export [--format backup|otpauth] [--output FILE|-] [--plaintext] [--force]",
  summary: "write every account to an encrypted backup (or, with --plaintext, otpauth URIs)",
  options: {
    format: { type: "string" },
    output: { type: "string" },
    plaintext: { type: "boolean" },
    force: { type: "boolean" },
  },
  async run(args, context) {
    const { defaultExportName, EXPORT_FORMATS, exportAccounts, requireExportPassword, writeExportFile } = await import(
      "../../import/export-accounts"
    );
    const formatText = stringOption(args, "format") ?? "backup";
    const format = EXPORT_FORMATS.find((candidate) => candidate === formatText);
    if (format === undefined)
      throw usageError(`unknown format "${formatText}" (one of ${EXPORT_FORMATS.join(", ")})`, this.usage);
    // Standard output only when asked for: a terminal's scrollback is no place for a backup.
    const output = stringOption(args, "output") || defaultExportName(format, new Date());
    if (format === "otpauth" && !flag(args, "plaintext")) {
      throw usageError(
        "the otpauth format writes every secret in plain text; pass --plaintext if that is what you want, or export an encrypted backup",
        this.usage,
      );
    }
    const password = context.environment.env.TWOFOLD_EXPORT_PASSWORD;
    // Check the password before opening the store, which may prompt or be slow.
    if (format === "backup") requireExportPassword(password);
    const records = await (await context.accounts()).store.records();
    const text = await exportAccounts(records, { format, password });
    if (output === "-") {
      context.stdout.write(text);
    } else {
      await writeExportFile(output, text, flag(args, "force"));
    }
    const what = format === "backup" ? "an encrypted backup" : "plain-text otpauth URIs";
    const where = output === "-" ? "standard output" : output;
    context.err(`Exported ${records.length} account${records.length === 1 ? "" : "s"} to ${where} as ${what}.`);
  },
};
