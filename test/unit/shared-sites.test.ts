import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DomainBinding } from "../../src/domains/domain-binding";
import { matchBindings } from "../../src/domains/match-bindings";
import { rememberableHost } from "../../src/domains/page-host";
import {
  parseSharedCredentialsFile,
  type SharedCredentialsFile,
  sharedCredentialGroups,
} from "../../src/domains/shared-credentials-file";
import { SHARED_SITE_SPECIFICITY, SharedSites, unsafeGroupHost } from "../../src/domains/shared-sites";
import { vendoredSharedSites } from "../../src/domains/vendored-shared-sites";

const bind = (...hosts: string[]): DomainBinding[] => hosts.map((host) => ({ host, source: "user" }));

/** Groups shaped like Apple's entries, plus hostile ones the list must never lend. */
const FILE: SharedCredentialsFile = [
  { shared: ["airbnb.com", "airbnb.co.uk", "airbnb.de"] },
  { from: ["twitter.com"], to: ["x.com"], fromDomainsAreObsoleted: true },
  { from: ["www.seek.com.au", "hk.jobsdb.com"], to: ["login.seek.com"] },
  { shared: ["github.io", "alice.github.io", "pages.example"] },
  { shared: ["b2clogin.com", "contoso.b2clogin.com", "contoso.com"] },
  { shared: ["okta.com", "okta.example"] },
  { shared: ["localhost", "local.example"] },
];
const sites = new SharedSites(sharedCredentialGroups(FILE));

/** The host of the binding the account matches `page` with, directly or through a group; null when none. */
function fills(bindings: DomainBinding[], page: string): string | null {
  const match = matchBindings(bindings, page) ?? sites.reach(page).match(bindings);
  return match === null
    ? null
    : "sharedSite" in match
      ? `${match.binding.host} → ${match.sharedSite}`
      : match.binding.host;
}

describe("filling through groups of sites that share a sign-in", () => {
  it.each([
    // shared: every member lends to every other
    ["airbnb.com", "www.airbnb.co.uk", "airbnb.com → airbnb.co.uk"],
    ["airbnb.co.uk", "airbnb.com", "airbnb.co.uk → airbnb.com"],
    ["airbnb.com", "airbnb.de", "airbnb.com → airbnb.de"],
    // one-way: from → to only
    ["twitter.com", "x.com", "twitter.com → x.com"],
    ["twitter.com", "mobile.x.com", "twitter.com → x.com"],
    ["x.com", "twitter.com", null],
    ["x.com", "mobile.twitter.com", null],
    // a binding joins a group when it covers a source (remember stores the registrable domain)
    ["seek.com.au", "login.seek.com", "seek.com.au → login.seek.com"],
    ["www.seek.com.au", "login.seek.com", "www.seek.com.au → login.seek.com"],
    ["jobsdb.com", "login.seek.com", "jobsdb.com → login.seek.com"],
    // …but a binding below a source does not, and targets cover only themselves and below
    ["app.hk.jobsdb.com", "login.seek.com", null],
    ["seek.com.au", "seek.com", null],
    ["seek.com.au", "evil.seek.com", null],
    // lookalikes and typos get nothing
    ["airbnb.com", "airbnb.com.evil.io", null],
    ["airbnb.com", "airbnb-login.com", null],
    ["airbnb.com", "airbnbb.co.uk", null],
    ["airbnb.com", "airbnb.co", null],
    ["twitter.com", "x.com.evil.io", null],
    ["twitter.com", "xx.com", null],
    // public suffixes and multi-tenant sites never join a group, so tenants stay apart
    ["pages.example", "bob.github.io", null],
    ["pages.example", "alice.github.io", "pages.example → alice.github.io"],
    ["alice.github.io", "bob.github.io", null],
    ["contoso.com", "fabrikam.b2clogin.com", null],
    ["contoso.com", "contoso.b2clogin.com", "contoso.com → contoso.b2clogin.com"],
    ["contoso.b2clogin.com", "fabrikam.b2clogin.com", null],
    ["okta.example", "acme.okta.com", null],
    ["local.example", "localhost", null],
  ])("bound to %s, on %s: %s", (bound, page, expected) => {
    expect(fills(bind(bound), page)).toBe(expected);
  });

  it("ranks a group's site below every binding of the account's own", () => {
    const direct = matchBindings(bind("airbnb.co.uk"), "www.airbnb.co.uk");
    const shared = sites.reach("www.airbnb.co.uk").match(bind("airbnb.com"));
    expect(shared?.specificity).toBe(SHARED_SITE_SPECIFICITY);
    expect(direct?.specificity).toBeGreaterThan(shared?.specificity ?? Number.POSITIVE_INFINITY);
  });

  it.each([
    [bind("airbnb.com"), ["airbnb.co.uk", "airbnb.de"]],
    [bind("airbnb.com", "airbnb.de"), ["airbnb.co.uk"]],
    [bind("twitter.com"), ["x.com"]],
    [bind("x.com"), []],
    [bind("seek.com.au"), ["login.seek.com"]],
    [bind("contoso.com"), ["contoso.b2clogin.com"]],
    [bind("okta.example", "local.example"), []],
    [bind("example.org"), []],
  ])("%j also fills on %j", (bindings, expected) => {
    expect(sites.alsoFillsOn(bindings)).toEqual(expected);
  });

  it.each([
    ["github.io", "a public suffix shared by many sites"],
    ["co.uk", "a public suffix shared by many sites"],
    ["okta.com", "a site whose subdomains belong to different customers"],
    ["b2clogin.com", "a site whose subdomains belong to different customers"],
    ["localhost", "a loopback host"],
    ["alice.github.io", null],
    ["airbnb.co.uk", null],
  ])("%s may join a group: %s", (host, why) => {
    expect(unsafeGroupHost(host)).toBe(why);
  });

  it("remembers the tenant's own host on Entra's multi-tenant sign-in sites", () => {
    expect(rememberableHost("contoso.b2clogin.com")).toBe("contoso.b2clogin.com");
    expect(rememberableHost("contoso.ciamlogin.com")).toBe("contoso.ciamlogin.com");
  });
});

describe("the vendored list", () => {
  it("follows Apple's schema, and the host reads it as the update script wrote it", () => {
    const text = readFileSync(new URL("../../src/domains/data/shared-credentials.json", import.meta.url), "utf8");
    expect(parseSharedCredentialsFile(text).length).toBeGreaterThan(50);
  });

  it.each([
    ["airbnb.com", "www.airbnb.co.uk", "airbnb.co.uk"],
    ["twitter.com", "x.com", "x.com"],
    ["x.com", "twitter.com", null],
    ["threads.net", "www.threads.com", "threads.com"],
    ["protonmail.ch", "account.proton.me", "proton.me"],
    ["ebay.com", "signin.ebay.de", "ebay.de"],
    ["pinterest.com", "www.pinterest.co.uk", "pinterest.co.uk"],
    ["wikipedia.org", "www.wikidata.org", "wikidata.org"],
    ["airbnb.com", "airbnb.com.evil.io", null],
  ])("bound to %s, on %s, reaches it through %s", (bound, page, site) => {
    expect(vendoredSharedSites().reach(page).match(bind(bound))?.sharedSite ?? null).toBe(site);
  });
});

describe("parseSharedCredentialsFile", () => {
  it.each([
    ["not json", /it is not JSON/],
    ['{"shared": ["a.com"]}', /the file does not follow .*expected array/],
    ['[{"shared": ["a.com"], "to": ["b.com"]}]', /entry 0 does not follow .*"to"/],
    ['[{"from": ["a.com"]}]', /entry 0 does not follow/],
    ['[{"shared": []}]', /entry 0 at shared does not follow/],
    ['[{"shared": ["A.com"]}]', /entry 0 at shared.0 does not follow .*lower-case host name/],
    ['[{"shared": ["https://a.com/"]}]', /entry 0 at shared.0 /],
    ['[{"shared": ["a.com", "a.com"]}]', /listed twice/],
    ['[{"from": ["a.com"], "to": ["b.com"], "fromDomainsAreObsoleted": "yes"}]', /entry 0 /],
  ])("refuses %s, saying why", (text, message) => {
    expect(() => parseSharedCredentialsFile(text)).toThrow(message);
  });
});
