import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountSummary } from "../../src/otp/account";
import type { UrlMatch } from "../../src/protocol/methods";
import { HostProcess } from "../support/host-process";

// The built host (dist/), so these also prove the vendored list made it into the bundle.
const totp = (issuer: string, secret: string) => `otpauth://totp/${issuer}:alice?secret=${secret}&issuer=${issuer}`;
const AIRBNB = totp("Airbnb", "JBSWY3DPEHPK3PXP");
const AIRBNB_UK = totp("AirbnbUK", "KRSXG5CTMVRXEZLU");
const TWITTER = totp("Twitter", "MFRGGZDFMZTWQ2LK");
const X = totp("X", "GEZDGNBVGY3TQOJQ");

let dir: string;
let host: HostProcess;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-shared-"));
  host = new HostProcess(`file:${join(dir, "vault.json")}`);
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

async function add(uri: string, domain: string): Promise<AccountSummary> {
  return (await host.call<{ account: AccountSummary }>("accounts.add", { uri, domains: [domain] })).account;
}

async function matchesOn(url: string): Promise<UrlMatch[]> {
  return (await host.call<{ matches: UrlMatch[] }>("codes.forUrl", { url })).matches;
}

describe("codes.forUrl through sites that share a sign-in", () => {
  it.each([
    ["airbnb.com", "https://www.airbnb.co.uk/login", "airbnb.co.uk", AIRBNB],
    ["twitter.com", "https://x.com/i/flow/login", "x.com", TWITTER],
    ["x.com", "https://twitter.com/i/flow/login", null, X],
    ["airbnb.com", "https://airbnb.com.evil.io/login", null, AIRBNB],
    ["airbnb.com", "https://airbnb-login.com/login", null, AIRBNB],
    ["airbnb.com", "http://www.airbnb.co.uk/login", null, AIRBNB],
  ])("an account bound to %s, on %s, matches through %s", async (domain, url, sharedSite, uri) => {
    const account = await add(uri, domain);
    const matches = await matchesOn(url);
    if (sharedSite === null) {
      expect(matches).toEqual([]);
      return;
    }
    expect(matches).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ id: account.id }),
        binding: { host: domain, source: "user" },
        sharedSite,
        specificity: 1,
        code: expect.objectContaining({ accountId: account.id, code: expect.stringMatching(/^\d{6}$/) }),
      }),
    ]);
  });

  it("puts an account bound to the page itself before one that reaches it through its group", async () => {
    // Added first and pinned, so only the kind of match can put it second.
    const shared = (
      await host.call<{ account: AccountSummary }>("accounts.add", {
        uri: AIRBNB,
        domains: ["airbnb.com"],
        pinned: true,
      })
    ).account;
    const direct = await add(AIRBNB_UK, "airbnb.co.uk");
    const matches = await matchesOn("https://www.airbnb.co.uk/login");
    expect(matches.map((match) => [match.account.id, match.sharedSite ?? null])).toEqual([
      [direct.id, null],
      [shared.id, "airbnb.co.uk"],
    ]);
    expect(matches[0]?.specificity).toBeGreaterThan(matches[1]?.specificity ?? Number.POSITIVE_INFINITY);
  });

  it("lists where an account also fills, and stops filling there once switched off, until switched on", async () => {
    const account = await add(TWITTER, "twitter.com");
    const listed = async () =>
      (await host.call<{ accounts: AccountSummary[] }>("accounts.list", {})).accounts.find(
        (other) => other.id === account.id,
      );
    expect(account.sharedSites).toEqual(["x.com"]);
    expect(await listed()).toMatchObject({ sharedSites: ["x.com"] });
    expect((await listed())?.fillSharedSites).toBeUndefined();

    const off = await host.call<{ account: AccountSummary }>("accounts.setSharedSites", {
      id: account.id,
      enabled: false,
    });
    expect(off.account).toMatchObject({ fillSharedSites: false, sharedSites: ["x.com"] });
    expect(await listed()).toMatchObject({ fillSharedSites: false });
    expect(await matchesOn("https://x.com/")).toEqual([]);
    // The account's own site is unaffected.
    expect(await matchesOn("https://twitter.com/")).toHaveLength(1);

    await host.call("accounts.setSharedSites", { id: account.id, enabled: true });
    expect((await listed())?.fillSharedSites).toBeUndefined();
    expect(await matchesOn("https://x.com/")).toHaveLength(1);
  });

  it("keeps accounts outside every group free of a sharedSites list", async () => {
    const account = await add(totp("ACME", "JBSWY3DPEHPK3PXP"), "acme.example");
    expect(account).not.toHaveProperty("sharedSites");
  });

  it.each([
    ["an unknown account", { id: "nope", enabled: false }, "NOT_FOUND", /No account has id nope/],
    ["a missing switch", { id: "nope" }, "BAD_REQUEST", /Invalid params for accounts.setSharedSites at enabled/],
  ])("answers accounts.setSharedSites for %s with a typed error", async (_name, params, code, message) => {
    const reply = await host.request("accounts.setSharedSites", params);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(reply.error?.message).toMatch(message);
  });
});
