// A trailing legal form after a space or comma ("npm, Inc.", "Acme LLC");
// the separator is required so that names such as "Zinc" keep their letters.
const LEGAL_SUFFIX = /[\s,]+(?:inc|llc|ltd)\.?$/i;
// Spaces, punctuation and symbols are dropped: "Battle.net" = "battlenet".
const IGNORED = /[\s\p{P}\p{S}]/gu;

/**
 * The lookup key of an issuer name: NFKC-folded, lower case, without a
 * trailing "Inc"/"LLC"/"Ltd" and without spaces or punctuation. Returns ""
 * (which matches nothing) when any other character is left, such as a
 * Cyrillic "і" in "GіtHub", so look-alike letters never become a match.
 * Kept apart from the issuer table so the popup's avatars can use it
 * without loading the table.
 */
export function normalizeIssuer(issuer: string): string {
  const key = issuer.normalize("NFKC").trim().replace(LEGAL_SUFFIX, "").toLowerCase().replace(IGNORED, "");
  return /^[a-z0-9]+$/.test(key) ? key : "";
}
