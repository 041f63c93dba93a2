import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { flag, stringOption, usageError } from "../args";
import type { Command } from "../command";

export const exportCommand: Command = {
  name: "export",
  usage: "twofold export --output FILE|FOLDER|- [--format backup|otpauth] [--plaintext] [--force]",
  summary: "write every account to an encrypted backup file",
  details: [
    "A backup holds every secret, so Twofold writes it only where you say, readable only by you (mode 0600), and prints where it went.",
    ["--output FILE", "write to this file (an existing one only with --force)"],
    ["--output FOLDER", "write twofold-backup-YYYY-MM-DD.json into this folder"],
    ["--output -", "write to standard output"],
    ["--format backup", "an encrypted Twofold backup (the default)"],
    ["--format otpauth", "one otpauth:// URI a line, in plain text: needs --plaintext"],
    [
      "TWOFOLD_EXPORT_PASSWORD",
      "the password a backup is encrypted with (required). Keep it: `twofold import` needs it as TWOFOLD_IMPORT_PASSWORD.",
    ],
  ],
  options: {
    format: { type: "string" },
    output: { type: "string", short: "o" },
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
    const given = stringOption(args, "output");
    // No default file: a backup holds every secret, and a person should know where it went.
    if (!given) {
      throw usageError(
        `say where to write the ${format === "backup" ? "backup" : "export"}: --output FILE, a folder (e.g. --output ~/Documents), or --output - for standard output`,
        this.usage,
      );
    }
    if (format === "otpauth" && !flag(args, "plaintext")) {
      throw usageError(
        "the otpauth format writes every secret in plain text; pass --plaintext if that is what you want, or export an encrypted backup",
        this.usage,
      );
    }
    const password = context.environment.env.TWOFOLD_EXPORT_PASSWORD;
    // Check the password before opening the store, which may prompt or be slow.
    if (format === "backup") requireExportPassword(password);
    const output =
      given === "-"
        ? given
        : (await isFolder(given))
          ? join(resolve(given), defaultExportName(format, new Date()))
          : resolve(given);
    const records = await (await context.accounts()).records();
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

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
