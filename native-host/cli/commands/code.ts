import { TwofoldError } from "../../../src/protocol/twofold-error";
import { flag, positional, stringOption } from "../args";
import type { Command } from "../command";

export const code: Command = {
  name: "code",
  usage: "twofold code QUERY [--at UNIX_SECONDS] [--json]",
  summary: "print the current code of one account",
  options: { at: { type: "string" }, json: { type: "boolean" } },
  async run(args, context) {
    const query = positional(args, 0, "which account (issuer, name or id)", this.usage);
    const atText = stringOption(args, "at");
    let at: number | undefined;
    if (atText !== undefined) {
      if (!/^\d{1,12}$/.test(atText)) {
        throw new TwofoldError("BAD_REQUEST", `--at takes whole Unix seconds, e.g. --at 59 (got "${atText}").`);
      }
      at = Number(atText) * 1000;
    }
    const service = await context.accounts();
    const account = await service.find(query);
    const [result] = await service.codes([account.id], at);
    if (result === undefined) throw new TwofoldError("NOT_FOUND", `The account "${query}" was removed meanwhile.`);
    context.out(flag(args, "json") ? JSON.stringify({ account, ...result }, null, 2) : result.code);
  },
};
