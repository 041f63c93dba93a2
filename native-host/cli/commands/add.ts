import { type AccountSummary, displayName } from "../../../src/otp/account";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { flag, listOption, usageError } from "../args";
import { askHidden } from "../ask-hidden";
import type { CliContext, Command, ParsedArgs } from "../command";
import { SHOWN_ID_LENGTH } from "../find-account";
import { readStream } from "../read-stream";
import { twofoldCommand } from "../twofold-command";

/** Far more than any otpauth:// URI; standard input is not read past it. */
const MAX_URI_BYTES = 64 * 1024;

export const add: Command = {
  name: "add",
  usage: "twofold add [URI|-] [--domain SITE]... [--pin]",
  summary: "add an account from its otpauth:// URI",
  details: [
    "Give the URI (the text inside a 2FA QR code) one of three ways:",
    ["twofold add", "asks for it in the terminal and does not show it"],
    ["twofold add -", "reads it from standard input: twofold add - < uri.txt"],
    ["twofold add URI", "works, but other users of this computer can read a command's arguments"],
    ["--domain SITE", "fill it on this site (repeatable): github.com, or a URL"],
    ["--pin", "show it first in the popup"],
    "Without --domain, accounts of well-known issuers are bound to their sign-in sites; any other account needs `twofold bind` before the browser fills it.",
  ],
  options: { domain: { type: "string", multiple: true }, pin: { type: "boolean" } },
  maxPositionals: 1,
  async run(args, context) {
    const uri = await readUri(args, context, this.usage);
    const account = await (await context.accounts()).add({
      uri,
      domains: listOption(args, "domain"),
      pinned: flag(args, "pin"),
    });
    const domains = account.domains.map((binding) => binding.host).join(", ");
    context.out(`Added ${displayName(account)}${domains ? ` for ${domains}` : ""}${account.pinned ? ", pinned" : ""}.`);
    if (account.domains.length === 0) context.err(noSiteWarning(account, context));
  },
};

/** The URI from the argument, standard input (`-`), or a hidden prompt. */
async function readUri(args: ParsedArgs, context: CliContext, usage: string): Promise<string> {
  const given = args.positionals[0];
  if (given === "-") return uriFromStdin(context);
  if (given !== undefined) {
    context.err(ARGV_WARNING);
    return given;
  }
  if (context.stdin.isTTY !== true) {
    throw usageError("missing the otpauth:// URI (pipe it in with `twofold add -`)", usage);
  }
  const answer = await askHidden(
    "otpauth:// URI (it will not be shown): ",
    context.stdin,
    context.stderr ?? process.stderr,
  );
  if (answer.trim() === "") throw new TwofoldError("USER_CANCELLED", "No URI was given; nothing was added.");
  return answer.trim();
}

/** Printed when a URI, secret and all, came in the command's arguments. */
export const ARGV_WARNING =
  "twofold: warning: other users of this computer can read a command's arguments while it runs, and your shell keeps them in its history; next time, run `twofold add` and paste the URI when asked, or pipe it into `twofold add -`.";

async function uriFromStdin(context: CliContext): Promise<string> {
  const bytes = await readStream(context.stdin, MAX_URI_BYTES);
  if (bytes === null) {
    throw new TwofoldError(
      "TOO_LARGE",
      `Standard input holds more than ${MAX_URI_BYTES / 1024} KiB; \`twofold add -\` takes one otpauth:// URI. To add many, use \`twofold import -\`.`,
    );
  }
  const lines = bytes
    .toString("utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const [uri] = lines;
  if (uri === undefined) throw new TwofoldError("BAD_REQUEST", "Standard input was empty; nothing was added.");
  if (lines.length > 1) {
    throw new TwofoldError(
      "BAD_REQUEST",
      `Standard input holds ${lines.length} lines; \`twofold add -\` takes one URI. To add them all, use \`twofold import -\`.`,
    );
  }
  return uri;
}

function noSiteWarning(account: AccountSummary, context: CliContext): string {
  const bind = twofoldCommand(context, "bind", account.id.slice(0, SHOWN_ID_LENGTH), "SITE");
  return `twofold: warning: ${displayName(account)} is bound to no site, so the browser will not fill it anywhere. Bind the site you sign in on: ${bind} (e.g. example.com).`;
}
