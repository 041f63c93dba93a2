import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentScriptMatches, matchesAnyPattern } from "../../src/background/content-script-matches";
import type { AccountSummary } from "../../src/otp/account";
import { inProcessHost } from "../support/in-process-host";

const URI = "otpauth://totp/Site:alice?secret=JBSWY3DPEHPK3PXP&issuer=Site";

/** An account summary with these bindings (and shared sites, as the host computes them). */
function account(hosts: string[], extra: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: `a${hosts.join("-").replace(/[^a-z0-9]/g, "")}`.slice(0, 60),
    issuer: "Site",
    label: "alice",
    domains: hosts.map((host) => ({ host, source: "user" as const })),
    pinned: false,
    kind: "totp",
    digits: 6,
    period: 30,
    ...extra,
  };
}

describe("contentScriptMatches", () => {
  it.each([
    { name: "no accounts: nowhere", accounts: [], patterns: [] },
    { name: "an account with no site: nowhere", accounts: [account([])], patterns: [] },
    {
      name: "a registrable domain and its subdomains, https only",
      accounts: [account(["github.com"])],
      patterns: ["https://*.github.com/*", "https://github.com/*"],
    },
    {
      name: "an exact remembered host on a multi-tenant site (its siblings are not covered)",
      accounts: [account(["acme.okta.com"])],
      patterns: ["https://*.acme.okta.com/*", "https://acme.okta.com/*"],
    },
    {
      name: "a host below a bound parent adds nothing",
      accounts: [account(["amazon.com"]), account(["signin.aws.amazon.com"])],
      patterns: ["https://*.amazon.com/*", "https://amazon.com/*"],
    },
    {
      name: "an international name, stored as punycode",
      accounts: [account(["xn--bcher-kva.de"])],
      patterns: ["https://*.xn--bcher-kva.de/*", "https://xn--bcher-kva.de/*"],
    },
    {
      name: "an IPv4 host: no subdomains, every port",
      accounts: [account(["192.168.1.10"])],
      patterns: ["https://192.168.1.10/*"],
    },
    {
      name: "loopback may fill over http too",
      accounts: [account(["localhost", "127.0.0.1", "app.localhost"])],
      patterns: ["*://*.localhost/*", "*://127.0.0.1/*", "*://localhost/*"],
    },
    {
      name: "sites that share a sign-in",
      accounts: [account(["airbnb.com"], { sharedSites: ["airbnb.de"] })],
      patterns: ["https://*.airbnb.com/*", "https://*.airbnb.de/*", "https://airbnb.com/*", "https://airbnb.de/*"],
    },
    {
      name: "not the shared sites of an account that fills only on its own",
      accounts: [account(["airbnb.com"], { sharedSites: ["airbnb.de"], fillSharedSites: false })],
      patterns: ["https://*.airbnb.com/*", "https://airbnb.com/*"],
    },
    {
      name: "two accounts on one site: one pair of patterns",
      accounts: [account(["github.com"]), account(["github.com"], { id: "other" })],
      patterns: ["https://*.github.com/*", "https://github.com/*"],
    },
  ])("$name", ({ accounts, patterns }) => {
    expect(contentScriptMatches(accounts)).toEqual(patterns);
  });
});

describe("matchesAnyPattern", () => {
  const patterns = contentScriptMatches([account(["github.com", "localhost", "10.0.0.1", "acme.okta.com"])]);
  it.each([
    ["https://github.com/login", true],
    ["https://github.com:8443/login", true],
    ["https://gist.github.com/", true],
    ["https://github.com./login", true],
    ["http://github.com/login", false],
    ["https://github.com.evil.io/", false],
    ["https://notgithub.com/", false],
    ["http://localhost:3000/login", true],
    ["https://a.localhost/", true],
    ["https://10.0.0.1:8443/", true],
    ["https://x.10.0.0.1/", false],
    ["https://evil.okta.com/", false],
    ["https://acme.okta.com/app", true],
    ["ftp://github.com/", false],
    ["not a url", false],
  ])("%s → %s", (url, covered) => {
    expect(matchesAnyPattern(url, patterns)).toBe(covered);
  });
});

// The host decides where an account fills; the registration must cover every such page.
describe("the registration covers every page the host fills", () => {
  let host: Awaited<ReturnType<typeof inProcessHost>>;
  beforeEach(async () => {
    host = await inProcessHost();
  });
  afterEach(() => host.cleanup());

  it.each([
    { domains: ["github.com"], url: "https://github.com/sessions/two-factor" },
    { domains: ["github.com"], url: "https://api.github.com:444/x" },
    { domains: ["bücher.de"], url: "https://www.xn--bcher-kva.de/login" },
    { domains: ["localhost"], url: "http://localhost:8080/login" },
    { domains: ["127.0.0.1"], url: "http://127.0.0.1:5173/" },
    { domains: ["192.168.1.10"], url: "https://192.168.1.10:8443/" },
    { domains: ["airbnb.com"], url: "https://www.airbnb.de/login" },
    { domains: ["twitter.com"], url: "https://x.com/i/flow/login" },
  ])("$domains fills on $url, and the patterns cover it", async ({ domains, url }) => {
    await host.service.add({ uri: URI, domains });
    const { matches } = await host.client.request("codes.forUrl", { url });
    expect(matches.length).toBeGreaterThan(0);
    const { accounts } = await host.client.request("accounts.list", {});
    expect(matchesAnyPattern(url, contentScriptMatches(accounts))).toBe(true);
  });
});
