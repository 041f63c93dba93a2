import { displayName } from "../../../src/otp/account";
import { flag, listOption, positional } from "../args";
import type { Command } from "../command";

export const add: Command = {
  name: "add",
  usage: "twofold add URI [--domain D]... [--pin]",
  summary: "add an account from its otpauth:// URI",
  options: { domain: { type: "string", multiple: true }, pin: { type: "boolean" } },
  async run(args, context) {
    const uri = positional(args, 0, "the otpauth:// URI", this.usage);
    const account = await (await context.accounts()).add({
      uri,
      domains: listOption(args, "domain"),
      pinned: flag(args, "pin"),
    });
    const domains = account.domains.map((binding) => binding.host).join(", ");
    context.out(`Added ${displayName(account)}${domains ? ` for ${domains}` : ""}${account.pinned ? ", pinned" : ""}.`);
  },
};
