import { describe, expect, it } from "vitest";
import type { DomainBinding } from "../../src/domains/domain-binding";
import { matchBindings } from "../../src/domains/match-bindings";
import { normalizeBindingHost } from "../../src/domains/normalize-binding-host";
import { fillableHost, rememberableHost, siteOf } from "../../src/domains/page-host";
import { isTwofoldError } from "../../src/protocol/twofold-error";

const bind = (...hosts: string[]): DomainBinding[] => hosts.map((host) => ({ host, source: "user" }));

describe("fillableHost", () => {
  it.each([
    ["https://github.com/login", "github.com"],
    ["https://GitHub.com./login", "github.com"],
    ["http://localhost:3000/", "localhost"],
    ["http://127.0.0.1/", "127.0.0.1"],
    ["http://app.localhost/", "app.localhost"],
    ["http://github.com/login", null],
    ["ftp://github.com/", null],
    ["file:///etc/passwd", null],
    ["chrome-extension://abc/popup.html", null],
    ["about:blank", null],
    ["javascript:alert(1)", null],
    ["not a url", null],
  ])("%s → %s", (url, host) => {
    expect(fillableHost(url)).toBe(host);
  });
});

describe("matchBindings", () => {
  it.each([
    ["github.com", bind("github.com"), "github.com"],
    ["gist.github.com", bind("github.com"), "github.com"],
    ["github.com.evil.io", bind("github.com"), null],
    ["githhub.com", bind("github.com"), null],
    ["evilgithub.com", bind("github.com"), null],
    ["xn--gthub-n4a.com", bind("github.com"), null],
    ["acme.okta.com", bind("acme.okta.com"), "acme.okta.com"],
    ["evil.okta.com", bind("acme.okta.com"), null],
    ["login.acme.okta.com", bind("acme.okta.com"), "acme.okta.com"],
    ["signin.aws.amazon.com", bind("amazon.com", "signin.aws.amazon.com"), "signin.aws.amazon.com"],
    ["www.amazon.com", bind("amazon.com", "signin.aws.amazon.com"), "amazon.com"],
  ])("on %s, %j matches %s", (host, bindings, expected) => {
    expect(matchBindings(bindings, host)?.binding.host ?? null).toBe(expected);
  });

  it("ranks the more specific binding higher", () => {
    const aws = matchBindings(bind("signin.aws.amazon.com"), "signin.aws.amazon.com");
    const amazon = matchBindings(bind("amazon.com"), "signin.aws.amazon.com");
    expect(aws?.specificity).toBeGreaterThan(amazon?.specificity ?? Number.POSITIVE_INFINITY);
  });
});

describe("normalizeBindingHost", () => {
  it.each([
    ["GitHub.com", "github.com"],
    ["https://github.com/login?x=1", "github.com"],
    ["  acme.okta.com. ", "acme.okta.com"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["alice.github.io", "alice.github.io"],
    ["localhost", "localhost"],
  ])("%s → %s", (input, host) => {
    expect(normalizeBindingHost(input)).toBe(host);
  });

  it.each(["com", "co.uk", "github.io", "herokuapp.com", "", "not a host", "exa mple.com", "intranet"])(
    "refuses %j",
    (input) => {
      let caught: unknown;
      try {
        normalizeBindingHost(input);
      } catch (error) {
        caught = error;
      }
      expect(isTwofoldError(caught, "INVALID_DOMAIN")).toBe(true);
    },
  );

  // The URL parser takes these; a store does not, so binding one locked the store.
  const label = (length: number) => "a".repeat(length);
  it.each([
    [
      `${[label(63), label(63), label(63), label(62)].join(".")}.example.com`,
      /the site is 266 characters long; Twofold keeps at most 253/,
    ],
    [
      `https://${label(64)}.example.com/login`,
      /the part of the site name is 64 characters long; Twofold keeps at most 63/,
    ],
  ])("refuses a host longer than DNS allows, with the limit: %s", (input, message) => {
    let caught: unknown;
    try {
      normalizeBindingHost(input);
    } catch (error) {
      caught = error;
    }
    expect(isTwofoldError(caught, "INVALID_DOMAIN")).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.length).toBeLessThan(300);
  });
});

describe("sites", () => {
  it.each([
    ["gist.github.com", "github.com"],
    ["alice.github.io", "alice.github.io"],
    ["www.bbc.co.uk", "bbc.co.uk"],
    ["localhost", "localhost"],
  ])("siteOf(%s) = %s", (host, site) => {
    expect(siteOf(host)).toBe(site);
  });

  it.each([
    ["www.github.com", "github.com"],
    ["acme.okta.com", "acme.okta.com"],
    ["acme.my.salesforce.com", "acme.my.salesforce.com"],
    ["signin.aws.amazon.com", "amazon.com"],
  ])("remembering %s binds %s", (host, binding) => {
    expect(rememberableHost(host)).toBe(binding);
  });
});
