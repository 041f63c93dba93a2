import type { DomainBinding } from "./domain-binding";

/** How one account matches a page: the binding that covers it, and how closely. */
export interface BindingMatch {
  binding: DomainBinding;
  /** Labels in the binding's host; more labels is a closer match. */
  specificity: number;
}

/**
 * The closest of `bindings` that covers `host`, or `null`. A binding covers
 * its own host and every host below it, so `amazon.com` covers
 * `signin.aws.amazon.com` but `acme.okta.com` does not cover `evil.okta.com`.
 */
export function matchBindings(bindings: readonly DomainBinding[], host: string): BindingMatch | null {
  let best: BindingMatch | null = null;
  for (const binding of bindings) {
    if (host !== binding.host && !host.endsWith(`.${binding.host}`)) continue;
    const specificity = binding.host.split(".").length;
    if (best === null || specificity > best.specificity) best = { binding, specificity };
  }
  return best;
}
