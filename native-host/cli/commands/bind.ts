import { displayName } from "../../../src/otp/account";
import { positional } from "../args";
import type { Command } from "../command";
import { findAccount, SHOWN_ID_LENGTH } from "../find-account";
import { twofoldCommand } from "../twofold-command";

const QUERY = "which account (issuer, name, or id prefix)";

export const bind: Command = {
  name: "bind",
  usage: "twofold bind QUERY SITE...",
  summary: "fill an account's codes on these sites",
  details: [
    ["QUERY", "the account: its issuer, name, or 4 or more characters of its id"],
    [
      "SITE",
      "a host name or a URL: GitHub.com and https://github.com/login both bind github.com, which covers its subdomains too",
    ],
  ],
  maxPositionals: Number.POSITIVE_INFINITY,
  async run(args, context) {
    const query = positional(args, 0, QUERY, this.usage);
    positional(args, 1, "the site to bind (e.g. example.com)", this.usage);
    const service = await context.accounts();
    const account = findAccount(await service.list(), query);
    // Loaded here: site names need the public suffix list, which the host's start should not pay for.
    const { bindSites } = await import("../site-bindings");
    const sitesGiven = args.positionals.slice(1);
    const { account: bound, changed, unchanged } = await bindSites(service, account.id, sitesGiven);
    const sites = bound.domains.map((binding) => binding.host).join(", ");
    const already = unchanged.length > 0 ? ` (${unchanged.join(", ")} already was)` : "";
    context.out(
      changed.length > 0
        ? `Bound ${displayName(bound)} to ${changed.join(", ")}${already}. Its sites: ${sites}.`
        : `${displayName(bound)} was already bound to ${unchanged.join(", ")}; nothing changed.`,
    );
  },
};

export const unbind: Command = {
  name: "unbind",
  usage: "twofold unbind QUERY SITE...",
  summary: "stop filling an account's codes on these sites",
  details: [
    ["QUERY", "the account: its issuer, name, or 4 or more characters of its id"],
    ["SITE", "a site the account is bound to (as `twofold list` shows it), or a URL on it"],
  ],
  maxPositionals: Number.POSITIVE_INFINITY,
  async run(args, context) {
    const query = positional(args, 0, QUERY, this.usage);
    positional(args, 1, "the site to unbind (e.g. example.com)", this.usage);
    const service = await context.accounts();
    const account = findAccount(await service.list(), query);
    const { unbindSites } = await import("../site-bindings");
    const { account: unbound, changed } = await unbindSites(service, account.id, args.positionals.slice(1));
    const sites = unbound.domains.map((binding) => binding.host).join(", ");
    context.out(`Unbound ${displayName(unbound)} from ${changed.join(", ")}.${sites ? ` Its sites: ${sites}.` : ""}`);
    if (sites === "") {
      const again = twofoldCommand(context, "bind", unbound.id.slice(0, SHOWN_ID_LENGTH), "SITE");
      context.err(
        `twofold: warning: ${displayName(unbound)} is now bound to no site, so the browser will not fill it anywhere. To bind one: ${again}`,
      );
    }
  },
};
