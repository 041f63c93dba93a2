import { displayName } from "../../../src/otp/account";
import { positional } from "../args";
import type { Command } from "../command";
import { findAccount } from "../find-account";

function pinCommand(pinned: boolean): Command {
  const name = pinned ? "pin" : "unpin";
  return {
    name,
    usage: `twofold ${name} QUERY`,
    summary: pinned ? "show an account first in the popup" : "stop showing an account first",
    details: [["QUERY", "the account: its issuer, name, or 4 or more characters of its id"]],
    maxPositionals: 1,
    async run(args, context) {
      const query = positional(args, 0, "which account (issuer, name, or id prefix)", this.usage);
      const service = await context.accounts();
      const account = findAccount(await service.list(), query);
      await service.setPinned(account.id, pinned);
      context.out(`${pinned ? "Pinned" : "Unpinned"} ${displayName(account)}.`);
    },
  };
}

export const pin = pinCommand(true);
export const unpin = pinCommand(false);
