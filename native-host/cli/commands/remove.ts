import { displayName } from "../../../src/otp/account";
import { positional } from "../args";
import type { Command } from "../command";

export const remove: Command = {
  name: "remove",
  usage: "twofold remove QUERY",
  summary: "delete an account and its secret",
  async run(args, context) {
    const service = await context.accounts();
    const account = await service.find(positional(args, 0, "which account (issuer, name or id)", this.usage));
    await service.remove(account.id);
    context.out(`Removed ${displayName(account)}.`);
  },
};
