import { displayName } from "../../../src/otp/account";
import { positional } from "../args";
import type { Command } from "../command";

function pinCommand(pinned: boolean): Command {
  const name = pinned ? "pin" : "unpin";
  return {
    name,
    usage: `twofold ${name} QUERY`,
    summary: pinned ? "show an account first in the popup" : "stop showing an account first",
    async run(args, context) {
      const service = await context.accounts();
      const account = await service.find(positional(args, 0, "which account (issuer, name or id)", this.usage));
      await service.setPinned(account.id, pinned);
      context.out(`${pinned ? "Pinned" : "Unpinned"} ${displayName(account)}.`);
    },
  };
}

export const pin = pinCommand(true);
export const unpin = pinCommand(false);
