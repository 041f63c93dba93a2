import { TwofoldError } from "../../../src/protocol/twofold-error";
import { flag, positional, stringOption, usageError } from "../args";
import type { Command } from "../command";
import { findAccount } from "../find-account";

export const code: Command = {
  name: "code",
  usage: "twofold code QUERY [--at UNIX_SECONDS] [--json]",
  summary: "print the current code of one account",
  details: [
    ["QUERY", "the account: its issuer, name, or 4 or more characters of its id"],
    ["--at SECONDS", "the code at that time, in whole seconds since 1970 (e.g. --at 59)"],
    ["--json", "the code with its account and validity, as JSON"],
  ],
  options: { at: { type: "string" }, json: { type: "boolean" } },
  maxPositionals: 1,
  async run(args, context) {
    const query = positional(args, 0, "which account (issuer, name, or id prefix)", this.usage);
    const atText = stringOption(args, "at");
    let at: number | undefined;
    if (atText !== undefined) {
      if (!/^\d{1,12}$/.test(atText)) {
        throw usageError(`--at takes whole seconds since 1970, 0 or more, e.g. --at 59 (got "${atText}")`, this.usage);
      }
      at = Number(atText) * 1000;
    }
    const service = await context.accounts();
    const account = findAccount(await service.list(), query);
    const [result] = await service.codes([account.id], at);
    if (result === undefined) throw new TwofoldError("NOT_FOUND", `The account "${query}" was removed meanwhile.`);
    context.out(flag(args, "json") ? JSON.stringify({ account, ...result }, null, 2) : result.code);
  },
};
