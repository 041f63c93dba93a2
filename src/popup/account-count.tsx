const NUMBER = new Intl.NumberFormat("en");

export interface AccountCountProps {
  /** Accounts the list shows now. */
  shown: number;
  /** Accounts there are. */
  total: number;
  /** Whether a search is narrowing the list. */
  searching: boolean;
}

/**
 * How many accounts there are, above a list too long to see at once: "1,000
 * accounts", or "12 of 1,000 accounts" while a search narrows it.
 */
export function AccountCount({ shown, total, searching }: AccountCountProps) {
  const all = `${NUMBER.format(total)} ${total === 1 ? "account" : "accounts"}`;
  return (
    <p className="account-count" data-testid="account-count">
      {searching ? `${NUMBER.format(shown)} of ${all}` : all}
    </p>
  );
}
