import { type AccountSummary, displayName } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";

/** The shortest id prefix accepted: 4 hex digits, one in 65,536 for two accounts to share. */
export const MIN_ID_PREFIX = 4;
/** How much of an id the CLI shows (`twofold list`). */
export const SHOWN_ID_LENGTH = 8;

/**
 * The one account a person means by `query`: its id, a prefix of its id
 * (4 characters or more), its issuer or `issuer:label`, or text found in its
 * issuer or label. When several fit, the error lists them with the id
 * prefix that tells each apart.
 */
export function findAccount(accounts: readonly AccountSummary[], query: string): AccountSummary {
  const exact = accounts.find((account) => account.id === query);
  if (exact) return exact;
  const needle = query.trim().toLowerCase();
  const byName = accounts.filter((account) => `${account.issuer}\u0000${account.label}`.toLowerCase().includes(needle));
  // Over every account: `issuer:label` is not text found in "issuer\u0000label".
  const exactName = accounts.filter(
    (account) =>
      account.issuer.toLowerCase() === needle || `${account.issuer}:${account.label}`.toLowerCase() === needle,
  );
  const [named] = exactName;
  if (exactName.length === 1 && named) return named;
  const isPrefix = needle.length >= MIN_ID_PREFIX && /^[0-9a-f]+$/.test(needle);
  const byId = isPrefix ? accounts.filter((account) => account.id.startsWith(needle)) : [];
  const candidates = [...new Set([...byId, ...(exactName.length > 0 ? exactName : byName)])];
  const [only] = candidates;
  if (candidates.length === 1 && only) return only;
  if (only === undefined) {
    const tooShort =
      /^[0-9a-f]+$/.test(needle) && !isPrefix && accounts.some((account) => account.id.startsWith(needle))
        ? ` An id prefix needs at least ${MIN_ID_PREFIX} characters.`
        : "";
    throw new TwofoldError(
      "NOT_FOUND",
      `No account matches "${query}".${tooShort} Run \`twofold list\` to see your accounts and their ids.`,
    );
  }
  const shown = candidates.slice(0, 10);
  const length = distinguishingLength(shown.map((account) => account.id));
  const names = shown.map((account) => `${displayName(account)} [${account.id.slice(0, length)}]`);
  throw new TwofoldError(
    "BAD_REQUEST",
    `"${query}" matches ${candidates.length} accounts: ${names.join(", ")}${candidates.length > shown.length ? ", …" : ""}. Name one by its id.`,
  );
}

/** The prefix length (at least the one `list` shows) at which these ids all differ. */
function distinguishingLength(ids: readonly string[]): number {
  const longest = Math.max(SHOWN_ID_LENGTH, ...ids.map((id) => id.length));
  for (let length = SHOWN_ID_LENGTH; length < longest; length++) {
    if (new Set(ids.map((id) => id.slice(0, length))).size === ids.length) return length;
  }
  return longest;
}
