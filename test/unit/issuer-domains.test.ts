import { getDomain } from "tldts";
import { describe, expect, it } from "vitest";
import { issuerDomains, SERVICES } from "../../src/domains/issuer-domains";
import { normalizeIssuer } from "../../src/domains/normalize-issuer";

const ALL_DOMAINS = SERVICES.flatMap((service) => service.domains);
const ALL_NAMES = SERVICES.flatMap((service) => service.names);

describe("issuerDomains", () => {
  it.each([
    ["GitHub", ["github.com"]],
    ["Google", ["google.com"]],
    ["AWS", ["signin.aws.amazon.com", "aws.amazon.com"]],
    ["Amazon Web Services", ["signin.aws.amazon.com", "aws.amazon.com"]],
    ["amazonaws", ["signin.aws.amazon.com", "aws.amazon.com"]],
    ["Microsoft", ["microsoft.com", "live.com", "microsoftonline.com"]],
    ["Microsoft Account", ["microsoft.com", "live.com", "microsoftonline.com"]],
    ["Twitter", ["x.com", "twitter.com"]],
    ["X", ["x.com", "twitter.com"]],
    ["Facebook", ["facebook.com", "meta.com"]],
    ["Meta", ["facebook.com", "meta.com"]],
    ["Instagram", ["instagram.com"]],
    ["Steam", ["steampowered.com", "steamcommunity.com"]],
    ["Apple", ["apple.com", "icloud.com"]],
    ["Proton", ["proton.me", "protonmail.com"]],
    ["ProtonMail", ["proton.me", "protonmail.com"]],
    ["Docker Hub", ["docker.com"]],
    ["Battle.net", ["battle.net", "blizzard.com"]],
    ["Blizzard", ["battle.net", "blizzard.com"]],
    ["Atlassian", ["atlassian.com"]],
  ])("resolves %j", (issuer, expected) => {
    expect(issuerDomains(issuer)).toEqual(expected);
  });

  it.each([
    ["github", "github.com"],
    ["GITHUB", "github.com"],
    ["  GitHub  ", "github.com"],
    ["Git Hub", "github.com"],
    ["git-hub", "github.com"],
    ["npm, Inc.", "npmjs.com"],
    ["npm Inc", "npmjs.com"],
    ["Twilio LLC", "twilio.com"],
    ["Tesla Ltd.", "tesla.com"],
    ["e*trade", "etrade.com"],
    ["E-Trade", "etrade.com"],
    ["crypto.com", "crypto.com"],
    ["CRYPTO COM", "crypto.com"],
    ["1password", "1password.com"],
    ["amazon web services", "signin.aws.amazon.com"],
    ["ＧｉｔＨｕｂ", "github.com"], // full-width letters fold under NFKC
  ])("ignores case, spacing, punctuation and legal suffixes: %j", (issuer, first) => {
    expect(issuerDomains(issuer)[0]).toBe(first);
  });

  it.each([
    [""],
    ["   "],
    ["Inc"],
    ["Acme Widgets"],
    // Exact match only: issuer text comes from third-party QR codes.
    ["GitHub Enterprise"],
    ["My GitHub"],
    ["GitHub2"],
    ["Googl"],
    ["Google Workspace of Acme"],
    ["AWS SSO"],
    ["gitlab.example.com"],
    ["GіtHub"], // Cyrillic і: look-alikes never match
    // Multi-tenant identity providers and help desks: no single login domain.
    ["Okta"],
    ["Auth0"],
    ["OneLogin"],
    ["Zendesk"],
    ["Slack"],
    // Self-hostable software: the issuer names the product, not the server.
    ["Nextcloud"],
    ["WordPress"],
  ])("returns [] for %j", (issuer) => {
    expect(issuerDomains(issuer)).toEqual([]);
  });

  it("keeps AWS more specific than Amazon the shop, so AWS wins on its sign-in host", () => {
    const amazon = issuerDomains("Amazon");
    const aws = issuerDomains("AWS");
    expect(amazon).toContain("amazon.com");
    expect(aws).not.toContain("amazon.com");
    for (const host of aws) {
      expect(host.endsWith(".amazon.com")).toBe(true);
      expect(host.split(".").length).toBeGreaterThan("amazon.com".split(".").length);
    }
  });

  it("returns frozen arrays that callers cannot corrupt", () => {
    expect(Object.isFrozen(issuerDomains("GitHub"))).toBe(true);
    expect(Object.isFrozen(issuerDomains("no such issuer"))).toBe(true);
  });
});

describe("the service table", () => {
  it("knows at least 170 services, each found by its names and by no other's", () => {
    // Each service's domains are one frozen array, so identity tells which service a lookup found.
    const found = SERVICES.map((service) => new Set(service.names.map((name) => issuerDomains(name))));
    for (const [index, lookups] of found.entries()) {
      expect(lookups.size).toBe(1);
      expect([...lookups][0]).toEqual(SERVICES[index]?.domains);
    }
    expect(new Set(found.map((lookups) => [...lookups][0])).size).toBeGreaterThanOrEqual(170);
  });

  it.each(ALL_DOMAINS.map((domain) => [domain]))("%s is a lower-case bare host on a registrable domain", (domain) => {
    expect(domain).toBe(domain.toLowerCase());
    expect(domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/); // a dot; no scheme, port, path or spaces
    const site = getDomain(domain, { allowPrivateDomains: true });
    expect(site).not.toBeNull();
    expect(domain === site || domain.endsWith(`.${site}`)).toBe(true);
  });

  it("gives every service at least one name and one domain, without duplicate domains", () => {
    for (const service of SERVICES) {
      expect(service.names.length).toBeGreaterThan(0);
      expect(service.domains.length).toBeGreaterThan(0);
      expect(new Set(service.domains).size).toBe(service.domains.length);
    }
  });

  it("has no issuer name claimed twice, even after normalisation", () => {
    const keys = ALL_NAMES.map(normalizeIssuer);
    expect(keys).not.toContain("");
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(duplicates).toEqual([]);
  });

  it.each(ALL_NAMES.map((name) => [name]))("resolves its own name %j", (name) => {
    expect(issuerDomains(name).length).toBeGreaterThan(0);
  });

  it("leaves no multi-tenant identity provider's bare domain in the table", () => {
    for (const bare of [
      "okta.com",
      "auth0.com",
      "onelogin.com",
      "atlassian.net",
      "zendesk.com",
      "slack.com",
      "salesforce.com",
    ]) {
      expect(ALL_DOMAINS).not.toContain(bare);
    }
  });
});
