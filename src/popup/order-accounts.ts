import type { AccountSummary } from "../otp/account";

export interface AccountGroup {
  title: string;
  accounts: AccountSummary[];
}

/**
 * The popup's order: accounts bound to the current tab first (most specific
 * binding first), then pinned, then the rest, each filtered by `query` over
 * issuer, account name and bound domains.
 */
export function orderAccounts(
  accounts: readonly AccountSummary[],
  tabMatches: readonly string[],
  query: string,
): AccountGroup[] {
  const needle = query.trim().toLowerCase();
  const visible = needle === "" ? accounts : accounts.filter((account) => matchesQuery(account, needle));
  const rank = new Map(tabMatches.map((id, index) => [id, index]));
  const forTab = visible
    .filter((account) => rank.has(account.id))
    .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  const rest = visible.filter((account) => !rank.has(account.id));
  const groups: AccountGroup[] = [
    { title: "For this site", accounts: forTab },
    { title: "Pinned", accounts: rest.filter((account) => account.pinned) },
    {
      title: forTab.length > 0 || rest.some((account) => account.pinned) ? "All accounts" : "Accounts",
      accounts: rest.filter((account) => !account.pinned),
    },
  ];
  return groups.filter((group) => group.accounts.length > 0);
}

function matchesQuery(account: AccountSummary, needle: string): boolean {
  return (
    account.issuer.toLowerCase().includes(needle) ||
    account.label.toLowerCase().includes(needle) ||
    account.domains.some((binding) => binding.host.includes(needle))
  );
}
