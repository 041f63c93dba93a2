import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import type { AccountSummary } from "../../src/otp/account";
import type { UrlMatch } from "../../src/protocol/methods";

const ACME = "otpauth://totp/Contoso:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Contoso";

let dir: string;
let service: AccountService;
let context: HostContext;
let id: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-remember-"));
  service = new AccountService(new FileVaultStore(join(dir, "vault.json")));
  context = { accounts: async () => service } as unknown as HostContext;
  id = (await service.add({ uri: ACME })).id;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function remember(url: string, scope?: "host" | "site"): Promise<string[]> {
  const { account } = (await handleRequest("accounts.remember", { id, url, ...(scope ? { scope } : {}) }, context)) as {
    account: AccountSummary;
  };
  return account.domains.map((binding) => binding.host);
}

async function offeredOn(url: string): Promise<boolean> {
  const { matches } = (await handleRequest("codes.forUrl", { url }, context)) as { matches: UrlMatch[] };
  return matches.some((match) => match.account.id === id);
}

describe("remember this site", () => {
  // Tenants of these hosts are not on the public suffix list, nor on Twofold's list of multi-tenant sites.
  // A binding covers its host and the hosts below it (DNS below a tenant's name is the tenant's), never siblings.
  it.each([
    [
      "https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/authorize",
      "contoso.b2clogin.com",
      ["https://contoso.b2clogin.com/", "https://login.contoso.b2clogin.com/"],
      ["https://fabrikam.b2clogin.com/", "https://b2clogin.com/"],
    ],
    [
      "https://acme.my.site.com/s/login",
      "acme.my.site.com",
      ["https://acme.my.site.com/"],
      ["https://evil.my.site.com/"],
    ],
    [
      "https://Login.Example.org./",
      "login.example.org",
      ["https://login.example.org/"],
      ["https://example.org/", "https://shop.example.org/"],
    ],
  ])("on %s binds the exact host %s", async (url, host, offered, notOffered) => {
    expect(await remember(url)).toEqual([host]);
    for (const page of offered) expect(await offeredOn(page), page).toBe(true);
    for (const page of notOffered) expect(await offeredOn(page), page).toBe(false);
  });

  it("binds the whole site only when widened to it", async () => {
    expect(await remember("https://www.example.org/login")).toEqual(["www.example.org"]);
    expect(await remember("https://www.example.org/login", "site")).toEqual(["www.example.org", "example.org"]);
    expect(await offeredOn("https://shop.example.org/")).toBe(true);
  });
});
