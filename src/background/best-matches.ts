import type { UrlMatch } from "../protocol/methods";

/**
 * The matches a fill may use: only those with the most specific binding, so
 * AWS bound to signin.aws.amazon.com wins over Amazon bound to amazon.com.
 * `matches` comes from `codes.forUrl`, most specific first.
 */
export function bestMatches(matches: readonly UrlMatch[]): UrlMatch[] {
  const top = matches[0]?.specificity;
  return top === undefined ? [] : matches.filter((match) => match.specificity === top);
}
