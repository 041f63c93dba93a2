import type { DomainBinding } from "../../src/domains/domain-binding";
import { normalizeBindingHost } from "../../src/domains/normalize-binding-host";
import { type AccountSummary, displayName, summarize } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { AccountService } from "../accounts/account-service";

/** What a bind or unbind changed. */
export interface BindingChange {
  account: AccountSummary;
  /** Hosts, normalised, that this call added or removed. */
  changed: string[];
  /** Hosts it left as they were (already bound, for a bind). */
  unchanged: string[];
}

/**
 * Binds `sites` to the account, each normalised as the options page and the
 * host's `accounts.setDomains` do (`GitHub.com` and
 * `https://github.com/login` both become `github.com`). Every site is
 * checked before anything is written; the change is one store update, so a
 * browser remembering a site meanwhile is not undone.
 */
export async function bindSites(
  accounts: AccountService,
  id: string,
  sites: readonly string[],
): Promise<BindingChange> {
  const hosts = normalizeAll(sites);
  const changed: string[] = [];
  const unchanged: string[] = [];
  const record = await accounts.update(id, (current) => {
    changed.length = 0;
    unchanged.length = 0;
    const domains: DomainBinding[] = [...current.domains];
    for (const host of hosts) {
      if (domains.some((binding) => binding.host === host)) unchanged.push(host);
      else {
        domains.push({ host, source: "user" });
        changed.push(host);
      }
    }
    return { ...current, domains };
  });
  return { account: summarize(record), changed, unchanged };
}

/** Removes `sites` (normalised as {@link bindSites} does) from the account; all must be bound. */
export async function unbindSites(
  accounts: AccountService,
  id: string,
  sites: readonly string[],
): Promise<BindingChange> {
  const hosts = normalizeAll(sites);
  const record = await accounts.update(id, (current) => {
    const missing = hosts.filter((host) => !current.domains.some((binding) => binding.host === host));
    if (missing.length > 0) {
      const bound = current.domains.map((binding) => binding.host).join(", ") || "none";
      throw new TwofoldError(
        "NOT_FOUND",
        `${displayName(current)} is not bound to ${missing.join(", ")}; nothing was changed. Its sites: ${bound}.`,
      );
    }
    return { ...current, domains: current.domains.filter((binding) => !hosts.includes(binding.host)) };
  });
  return { account: summarize(record), changed: hosts, unchanged: [] };
}

function normalizeAll(sites: readonly string[]): string[] {
  return [...new Set(sites.map(normalizeBindingHost))];
}
