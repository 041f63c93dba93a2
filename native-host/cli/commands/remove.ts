import { displayName } from "../../../src/otp/account";
import { positional } from "../args";
import type { Command } from "../command";
import { findAccount } from "../find-account";

export const remove: Command = {
  name: "remove",
  usage: "twofold remove QUERY",
  summary: "delete an account and its secret",
  details: [["QUERY", "the account: its issuer, name, or 4 or more characters of its id"]],
  maxPositionals: 1,
  async run(args, context) {
    const query = positional(args, 0, "which account (issuer, name, or id prefix)", this.usage);
    const service = await context.accounts();
    const account = findAccount(await service.list(), query);
    await service.remove(account.id);
    context.out(`Removed ${displayName(account)}.`);
  },
};
