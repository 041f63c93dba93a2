import { displayName } from "../../../src/otp/account";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { positional } from "../args";
import type { Command } from "../command";
import { findAccount, MIN_ID_PREFIX } from "../find-account";

export const remove: Command = {
  name: "remove",
  usage: "twofold remove QUERY",
  summary: "delete an account and its secret",
  details: [["QUERY", "the account: its issuer, name, or 4 or more characters of its id"]],
  maxPositionals: 1,
  async run(args, context) {
    const query = positional(args, 0, "which account (issuer, name, or id prefix)", this.usage);
    const service = await context.accounts();
    let target: { id: string; name: string };
    try {
      const account = findAccount(await service.list(), query);
      target = { id: account.id, name: displayName(account) };
    } catch (error) {
      // A value the store set aside is in no list; `twofold list` names it by its id for this.
      const unreadable = isTwofoldError(error, "NOT_FOUND")
        ? await service.findQuarantined(query, MIN_ID_PREFIX)
        : undefined;
      if (unreadable === undefined) throw error;
      target = unreadable;
    }
    await service.remove(target.id);
    context.out(`Removed ${target.name}.`);
  },
};
