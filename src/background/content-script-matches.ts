import { isLoopback } from "../domains/page-host";
import type { AccountSummary } from "../otp/account";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The match patterns that cover every page where any of `accounts` could be
 * filled, for the content script's registration: each bound host and each
 * site an account also fills on through a shared sign-in (unless turned off
 * for that account). A binding covers its host and every host below it, so
 * a host gives `https://host/*` and `https://*.host/*`.
 *
 * Where patterns cannot say exactly what a binding means, they say more,
 * never less — the background's frame policy and the host's matching still
 * decide who gets a code; this only decides where Twofold's script runs:
 * - ports: a pattern cannot name one, and a binding never does, so every port;
 * - only https, as filling is only allowed there, except loopback hosts
 *   (`localhost`, `*.localhost`, `127.0.0.1`), which may fill over http too;
 * - an IPv4 host has no subdomains: its own pattern only.
 * Hosts covered by a parent in the list are left out; the result is sorted,
 * so two equal registrations compare equal as strings.
 */
export function contentScriptMatches(accounts: readonly AccountSummary[]): string[] {
  const hosts = new Set<string>();
  for (const account of accounts) {
    for (const binding of account.domains) hosts.add(binding.host);
    if (account.fillSharedSites !== false) for (const site of account.sharedSites ?? []) hosts.add(site);
  }
  const patterns: string[] = [];
  for (const host of hosts) {
    if (coveredByParent(host, hosts)) continue;
    const scheme = isLoopback(host) ? "*" : "https";
    patterns.push(`${scheme}://${host}/*`);
    if (!IPV4.test(host)) patterns.push(`${scheme}://*.${host}/*`);
  }
  return patterns.sort();
}

/**
 * Whether `url` is a page one of `patterns` (as made by
 * {@link contentScriptMatches}) covers: the scheme (`*` is http or https),
 * the host exactly or, after `*.`, the host or any host below it. Asked on
 * every navigation, so the patterns are indexed once per list.
 */
export function matchesAnyPattern(url: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") return false;
  const host = parsed.hostname.replace(/\.$/, "");
  const index = indexOf(patterns);
  const has = (kind: "=" | ".", name: string) => index.has(`*${kind}${name}`) || index.has(`${scheme}${kind}${name}`);
  if (has("=", host)) return true;
  for (let rest = host; ; rest = rest.slice(rest.indexOf(".") + 1)) {
    if (has(".", rest)) return true;
    if (!rest.includes(".")) return false;
  }
}

const indexes = new WeakMap<readonly string[], ReadonlySet<string>>();

/** `scheme=host` for a host's own pattern, `scheme.host` for `*.host`. */
function indexOf(patterns: readonly string[]): ReadonlySet<string> {
  let index = indexes.get(patterns);
  if (index === undefined) {
    const keys = new Set<string>();
    for (const pattern of patterns) {
      const found = /^(\*|https?):\/\/(\*\.)?([^/]+)\/\*$/.exec(pattern);
      if (found !== null) keys.add(`${found[1]}${found[2] === undefined ? "=" : "."}${found[3]}`);
    }
    index = keys;
    indexes.set(patterns, index);
  }
  return index;
}

/** True when a parent of `host` (by labels) is itself in `hosts`, so its patterns already cover `host`. */
function coveredByParent(host: string, hosts: ReadonlySet<string>): boolean {
  if (IPV4.test(host)) return false;
  for (let dot = host.indexOf("."); dot !== -1; dot = host.indexOf(".", dot + 1)) {
    const parent = host.slice(dot + 1);
    if (hosts.has(parent) && isLoopback(parent) === isLoopback(host)) return true;
  }
  return false;
}
