import { getDomain, getPublicSuffix } from "tldts";

// Private suffixes (github.io, herokuapp.com…) separate sites just as
// ICANN ones do: alice.github.io must never get bob.github.io's codes.
const TLDTS_OPTIONS = { allowPrivateDomains: true } as const;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The host of a page that may receive codes, or `null`. Only secure contexts
 * qualify (SECURITY.md, threat 6): https, or http on the loopback host.
 */
export function fillableHost(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "") return null;
  if (parsed.protocol === "https:") return host;
  if (parsed.protocol === "http:" && isLoopback(host)) return host;
  return null;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost");
}

/**
 * The registrable domain ("site") of a host by the public suffix list, or the
 * host itself where there is none (localhost, an IP address).
 */
export function siteOf(host: string): string {
  return getDomain(host, TLDTS_OPTIONS) ?? host;
}

/** True when `host` is itself a public suffix such as `com` or `github.io`. */
export function isPublicSuffix(host: string): boolean {
  return getPublicSuffix(host, TLDTS_OPTIONS) === host && getDomain(host, TLDTS_OPTIONS) === null;
}

/**
 * Sites that give each customer a subdomain without being on the public suffix
 * list. Remembering one of these binds the whole host, so `acme.okta.com` is
 * never offered on `evil.okta.com`.
 */
const MULTI_TENANT_SITES = new Set([
  "okta.com",
  "oktapreview.com",
  "okta-emea.com",
  "auth0.com",
  "onelogin.com",
  "atlassian.net",
  "zendesk.com",
  "salesforce.com",
  "force.com",
  "awsapps.com",
  "duosecurity.com",
  "jumpcloud.com",
  "pingone.com",
  "slack.com",
  "service-now.com",
  "workday.com",
  "myworkday.com",
  "sharepoint.com",
  "freshdesk.com",
  "gitlab.io",
  // Microsoft Entra: every customer's sign-in page is tenant.b2clogin.com or tenant.ciamlogin.com.
  "b2clogin.com",
  "ciamlogin.com",
]);

/** True when `host` is a site that gives each customer a subdomain (see the list above). */
export function isMultiTenantSite(host: string): boolean {
  return MULTI_TENANT_SITES.has(host);
}

/**
 * The binding to store when a person says "remember this site" on `host`:
 * its registrable domain, or the exact host on a multi-tenant site.
 */
export function rememberableHost(host: string): string {
  const site = siteOf(host);
  return MULTI_TENANT_SITES.has(site) ? host : site;
}
