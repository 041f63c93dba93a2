import type { DomainBinding } from "./domain-binding";
import type { BindingMatch } from "./match-bindings";
import { matchBindings } from "./match-bindings";
import { isLoopback, isMultiTenantSite, isPublicSuffix, siteOf } from "./page-host";
import type { SharedCredentialGroup } from "./shared-credentials-file";

/**
 * The specificity of a match through a shared-credential group: below that of
 * any binding of the account's own. A binding names at least a registrable
 * domain (two labels), and loopback hosts never join a group, so on any page a
 * site the person bound outranks a site its group lends.
 */
export const SHARED_SITE_SPECIFICITY = 1;

/** A {@link BindingMatch} through a group: `binding` is the account's own, `sharedSite` the group's site. */
export interface SharedSiteMatch extends BindingMatch {
  sharedSite: string;
}

/**
 * Why a group member is left out, or `null` when it may join a group. A
 * member is a site every subdomain of which then gets the group's accounts,
 * so it must belong to one organisation: not a public suffix (`github.io`,
 * whose tenants are strangers to each other), not a site that hands each
 * customer a subdomain (`okta.com`, `b2clogin.com`), not loopback.
 */
export function unsafeGroupHost(host: string): string | null {
  if (isLoopback(host)) return "a loopback host";
  if (isPublicSuffix(host)) return "a public suffix shared by many sites";
  if (isMultiTenantSite(host)) return "a site whose subdomains belong to different customers";
  return null;
}

const NO_SITES: readonly string[] = Object.freeze([]);

/** A group's members that passed {@link unsafeGroupHost}, worked out the first time a page or binding touches it. */
interface CheckedGroup {
  targets: readonly string[];
  /** Every host whose binding covers one of the group's sources: each source and its parents down to its site. */
  reachedFrom: ReadonlySet<string>;
}

/**
 * Sites that share one sign-in (Airbnb's country domains, twitter.com → x.com),
 * indexed for the two questions Twofold asks: which accounts reach this page
 * through a group, and where else an account fills.
 *
 * Matching stays on exact hosts and registrable domains, as for bindings: a
 * binding joins a group only when it covers one of the group's sources (equals
 * it or is a parent of it below the public suffix), and a group's site covers
 * only itself and its subdomains. So `signin.aws.amazon.com` does not join a
 * group of `amazon.com`, and `airbnb.com.evil.io` is nobody's group site.
 * Expansion takes one step: a site lent by one group does not lend on.
 */
export class SharedSites {
  /** Groups by each of their sources and each parent of one (`com.au` too: checked on use). */
  private readonly bySource = new Map<string, SharedCredentialGroup[]>();
  /** Groups by each of their targets. */
  private readonly byTarget = new Map<string, SharedCredentialGroup[]>();
  private readonly checked = new Map<SharedCredentialGroup, CheckedGroup>();

  /**
   * Indexing uses string operations only; the public suffix list is consulted
   * for a group when a page or a binding first touches it, so the host's first
   * fill does not pay for the hundreds of groups it never meets.
   */
  constructor(groups: readonly SharedCredentialGroup[]) {
    for (const group of groups) {
      for (const host of new Set(group.sources.flatMap(hostAndDottedParents))) append(this.bySource, host, group);
      for (const host of group.targets) append(this.byTarget, host, group);
    }
  }

  /**
   * What reaches `pageHost` through a group: ask it per account with
   * {@link SharedSiteReach.match}. Built once per page, not once per account.
   */
  reach(pageHost: string): SharedSiteReach {
    // Bound host → the group's site that covers the page; the most specific site wins.
    const reached = new Map<string, string>();
    for (const site of hostAndParents(pageHost)) {
      for (const group of this.byTarget.get(site) ?? []) {
        const { targets, reachedFrom } = this.check(group);
        if (!targets.includes(site)) continue;
        for (const host of reachedFrom) if (!reached.has(host)) reached.set(host, site);
      }
    }
    return new SharedSiteReach(reached);
  }

  /**
   * The sites an account with `bindings` also fills on through its groups, in
   * the list's order, leaving out sites its own bindings already cover.
   */
  alsoFillsOn(bindings: readonly DomainBinding[]): readonly string[] {
    let sites: Set<string> | undefined;
    for (const binding of bindings) {
      for (const group of this.bySource.get(binding.host) ?? NO_GROUPS) {
        const { targets, reachedFrom } = this.check(group);
        if (!reachedFrom.has(binding.host)) continue;
        sites ??= new Set();
        for (const site of targets) sites.add(site);
      }
    }
    // Most accounts are in no group; listing 10,000 of them should not allocate 10,000 arrays.
    return sites === undefined ? NO_SITES : [...sites].filter((site) => matchBindings(bindings, site) === null);
  }

  private check(group: SharedCredentialGroup): CheckedGroup {
    let checked = this.checked.get(group);
    if (checked === undefined) {
      const sources = group.sources.filter((host) => unsafeGroupHost(host) === null);
      const targets = group.targets.filter((host) => unsafeGroupHost(host) === null);
      checked =
        sources.length === 0 || targets.length === 0
          ? { targets: NO_SITES, reachedFrom: new Set() }
          : { targets, reachedFrom: new Set(sources.flatMap(hostAndParents)) };
      this.checked.set(group, checked);
    }
    return checked;
  }
}

const NO_GROUPS: readonly SharedCredentialGroup[] = Object.freeze([]);

/** The accounts a group brings to one page. */
export class SharedSiteReach {
  constructor(private readonly reached: ReadonlyMap<string, string>) {}

  /** How an account with `bindings` matches the page through a group, or `null`. */
  match(bindings: readonly DomainBinding[]): SharedSiteMatch | null {
    if (this.reached.size === 0) return null;
    for (const binding of bindings) {
      const sharedSite = this.reached.get(binding.host);
      if (sharedSite !== undefined) return { binding, specificity: SHARED_SITE_SPECIFICITY, sharedSite };
    }
    return null;
  }
}

/** `host` and each parent of it down to its registrable domain: `a.b.example.com`, `b.example.com`, `example.com`. */
function hostAndParents(host: string): string[] {
  const site = siteOf(host);
  const hosts = [host];
  if (!host.endsWith(`.${site}`)) return hosts;
  for (let rest = host; rest !== site; ) {
    rest = rest.slice(rest.indexOf(".") + 1);
    hosts.push(rest);
  }
  return hosts;
}

/** `host` and each parent of it that still has a dot, by string alone: `a.example.co.uk` … `co.uk`. */
function hostAndDottedParents(host: string): string[] {
  const hosts = [host];
  for (let rest = host.slice(host.indexOf(".") + 1); rest.includes("."); rest = rest.slice(rest.indexOf(".") + 1)) {
    hosts.push(rest);
  }
  return hosts;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
