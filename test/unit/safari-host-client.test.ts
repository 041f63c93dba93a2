import { afterEach, describe, expect, it } from "vitest";
import type { HostClient } from "../../src/background/host-client";
import { SafariHostClient } from "../../src/background/safari-host-client";
import { TwofoldBackground } from "../../src/background/twofold-background";
import type { ErrorCode } from "../../src/protocol/error-codes";
import type { MethodName, MethodParams } from "../../src/protocol/methods";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { DEFAULT_SETTINGS } from "../../src/settings/settings";
import type { StandInItem } from "../stand-ins/keychain-service.mjs";
import { inProcessHost } from "../support/in-process-host";
import { safariHandlerStandIn } from "../support/safari-handler-stand-in";

const NOW = 1_700_000_000_000;
const GITHUB = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB = "otpauth://totp/GitLab:octocat?secret=KRSXG5CTMVRXEZLU&issuer=GitLab";
const COUNTER = "otpauth://hotp/ACME:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=7&digits=8";
const SECRETS = ["JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The two ways the extension reaches accounts: the stdio host (Chrome, Firefox) and Safari's app. */
const PATHS = {
  host: async () => {
    const host = await inProcessHost(() => NOW);
    cleanups.push(host.cleanup);
    return host.client;
  },
  safari: async () => {
    const app = safariHandlerStandIn(() => NOW);
    return new SafariHostClient({ sendNativeMessage: (message) => app.sendNativeMessage(message), now: () => NOW });
  },
} satisfies Record<string, () => Promise<HostClient>>;

/** A method's result, or the code of the error it gave. */
async function outcome<M extends MethodName>(client: HostClient, method: M, params: MethodParams<M>) {
  return client.request(method, params).then(
    (result) => ({ result }),
    (error: unknown) => ({ error: isTwofoldError(error) ? error.code : String(error) }),
  );
}

/** A session of everything the popup and the options page ask for, with ids replaced by names. */
async function session(client: HostClient): Promise<unknown[]> {
  const steps: unknown[] = [];
  const record = (value: unknown) => steps.push(value);
  const github = (await client.request("accounts.add", { uri: GITHUB })).account.id;
  const gitlab = (await client.request("accounts.add", { uri: GITLAB, domains: ["https://gitlab.com/users/sign_in"] }))
    .account.id;
  const counter = (await client.request("accounts.add", { uri: COUNTER, pinned: true })).account.id;
  const names = new Map([
    [github, "github"],
    [gitlab, "gitlab"],
    [counter, "counter"],
  ]);
  const anonymous = (value: unknown) =>
    JSON.parse(JSON.stringify(value), (key, item) =>
      (key === "id" || key === "accountId") && typeof item === "string" ? names.get(item) : item,
    );
  const step = async <M extends MethodName>(method: M, params: MethodParams<M>) =>
    record([method, anonymous(await outcome(client, method, params))]);
  await step("accounts.add", { uri: GITHUB });
  await step("accounts.list", {});
  await step("codes.get", {});
  await step("codes.get", { accountIds: [gitlab] });
  await step("codes.forUrl", { url: "https://github.com/sessions/two-factor" });
  await step("codes.forUrl", { url: "https://gitlab.com.evil.test/" });
  // The options page sends site names as typed.
  await step("accounts.setDomains", {
    id: github,
    domains: [
      { host: "GitHub.com", source: "user" },
      { host: "https://Enterprise.Example.co.uk/login?next=/", source: "user" },
    ],
  });
  await step("accounts.setDomains", { id: github, domains: [{ host: "co.uk", source: "user" }] });
  await step("codes.forUrl", { url: "https://enterprise.example.co.uk/" });
  // Sites that share a sign-in: airbnb.com's account also fills on airbnb.co.uk, unless turned off.
  await step("accounts.setDomains", { id: counter, domains: [{ host: "airbnb.com", source: "user" }] });
  await step("codes.forUrl", { url: "https://www.airbnb.co.uk/login" });
  await step("accounts.setSharedSites", { id: counter, enabled: false });
  await step("codes.forUrl", { url: "https://www.airbnb.co.uk/login" });
  await step("accounts.setSharedSites", { id: counter, enabled: true });
  // The popup's "remember this site".
  await step("accounts.remember", { id: gitlab, url: "https://login.example.org/2fa" });
  await step("accounts.remember", { id: gitlab, url: "https://acme.okta.com/signin" });
  await step("accounts.remember", { id: gitlab, url: "http://example.net/" });
  await step("codes.forUrl", { url: "https://www.example.org/" });
  await step("accounts.setPinned", { id: gitlab, pinned: true });
  await step("hotp.advance", { id: counter });
  await step("hotp.advance", { id: github });
  await step("accounts.remove", { id: counter });
  await step("accounts.remove", { id: counter });
  await step("accounts.list", {});
  await step("hello", { protocol: 2 });
  return steps;
}

describe("the Safari path answers the host protocol as the host does", () => {
  it("runs the same session with the same results", async () => {
    const host = await session(await PATHS.host());
    const safari = await session(await PATHS.safari());
    // Only the store's name may differ: a file vault here, iCloud Keychain in Safari.
    const storeless = (steps: unknown[]) =>
      JSON.parse(
        JSON.stringify(steps)
          .replace(/"spec":"[^"]*"/g, '"spec":"?"')
          .replace(/"store":"[^"]*"/g, ""),
      );
    expect(storeless(safari)).toEqual(storeless(host));
  });

  it.each(Object.keys(PATHS) as Array<keyof typeof PATHS>)(
    "%s: binds GitHub.com and a full URL as typed, and remembers a site",
    async (path) => {
      const client = await PATHS[path]();
      const { account } = await client.request("accounts.add", { uri: GITHUB, domains: [] });
      const bound = await client.request("accounts.setDomains", {
        id: account.id,
        domains: [
          { host: "GitHub.com", source: "user" },
          { host: "https://gitlab.com/users/sign_in", source: "user" },
        ],
      });
      expect(bound.account.domains).toEqual([
        { host: "github.com", source: "user" },
        { host: "gitlab.com", source: "user" },
      ]);
      const remembered = await client.request("accounts.remember", {
        id: account.id,
        url: "https://login.example.co.uk/x",
      });
      expect(remembered.account.domains.map((binding) => binding.host)).toHaveLength(3);
      const { matches } = await client.request("codes.forUrl", { url: "https://gitlab.com/users/sign_in" });
      expect(matches.map((match) => [match.account.id, match.binding.host])).toEqual([[account.id, "gitlab.com"]]);
    },
  );
});

describe("SafariHostClient", () => {
  const client = (app = safariHandlerStandIn(() => NOW)) => ({
    app,
    client: new SafariHostClient({ sendNativeMessage: (message) => app.sendNativeMessage(message), now: () => NOW }),
  });

  it("sends a secret to the app only to add an account, and gets none back", async () => {
    const { app, client: safari } = client();
    const { account } = await safari.request("accounts.add", { uri: COUNTER });
    await safari.request("accounts.setPinned", { id: account.id, pinned: true });
    await safari.request("accounts.setDomains", {
      id: account.id,
      domains: [{ host: "acme.example", source: "user" }],
    });
    await safari.request("hotp.advance", { id: account.id });
    await safari.request("codes.get", {});
    const replies = await Promise.all(
      ["list", "get"].map((op) => app.sendNativeMessage({ id: 99, op, account: account.id })),
    );
    const carrying = app.sent.filter((message) => SECRETS.some((secret) => JSON.stringify(message).includes(secret)));
    expect(carrying).toEqual([expect.objectContaining({ op: "put", mode: "add" })]);
    expect(JSON.stringify(replies)).not.toMatch(/GEZDGNBV|"secret"/);
    // The app kept the secret through every change.
    expect(JSON.parse(app.state.items[0]?.value ?? "{}")).toMatchObject({
      secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
      pinned: true,
      otp: { counter: 8 },
    });
  });

  it("makes codes at the app's clock, one message for many accounts", async () => {
    const { app, client: safari } = client();
    await safari.request("accounts.add", { uri: GITHUB });
    await safari.request("accounts.add", { uri: GITLAB, domains: ["github.com"] });
    app.sent.length = 0;
    const { matches } = await safari.request("codes.forUrl", { url: "https://github.com/" });
    expect(matches).toHaveLength(2);
    expect(matches[0]?.code).toMatchObject({ validFrom: 1_699_999_980_000, validUntil: 1_700_000_010_000 });
    expect(app.sent.map((message) => message.op)).toEqual(["list", "codes"]);
  });

  const NO_SECRET = {
    id: "nosecret",
    issuer: "X",
    label: "y",
    domains: [],
    pinned: false,
    otp: { kind: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: 0 },
    addedAt: 0,
  };
  it.each<[string, { failure?: number; item?: StandInItem }, MethodName, ErrorCode, RegExp]>([
    ["a locked keychain", { failure: -25308 }, "accounts.list", "STORE_LOCKED", /Unlock the Mac/],
    [
      "an app signed without the keychain group",
      { failure: -34018 },
      "codes.get",
      "STORE_UNAVAILABLE",
      /Keychain Sharing/,
    ],
    [
      "an item that is not an account",
      { item: { account: "junk", label: "x", value: "not JSON" } },
      "accounts.list",
      "STORE_CORRUPT",
      /twofold remove junk --store icloud/,
    ],
    [
      "an item whose secret makes no codes",
      { item: { account: "nosecret", label: "x", value: JSON.stringify(NO_SECRET) } },
      "codes.get",
      "STORE_CORRUPT",
      /twofold remove nosecret --store icloud/,
    ],
    ["an import", {}, "import", "UNKNOWN_METHOD", /twofold import FILE --store icloud/],
  ])("says what to do about %s", async (_name, { failure, item }, method, code, message) => {
    const { app, client: safari } = client();
    app.failure = failure;
    if (item) app.state.items.push(item);
    const error = await safari.request(method, { data: "x" } as never).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, code)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it("reports the store's status, also when the keychain cannot be read", async () => {
    const { app, client: safari } = client();
    await safari.request("accounts.add", { uri: GITHUB });
    await expect(safari.request("store.status", {})).resolves.toEqual({
      spec: "icloud",
      ok: true,
      message: "1 account",
    });
    app.failure = -25308;
    const status = await safari.request("store.status", {});
    expect(status).toMatchObject({ spec: "icloud", ok: false, message: expect.stringMatching(/locked/) });
  });

  it("refuses to add an account it already has, though it never sees the stored secret", async () => {
    const { client: safari } = client();
    await safari.request("accounts.add", { uri: COUNTER });
    const again = await safari.request("accounts.add", { uri: COUNTER }).catch((caught: unknown) => caught);
    expect(isTwofoldError(again, "ALREADY_EXISTS")).toBe(true);
    // Same names, another secret: a different account.
    const other = COUNTER.replace("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "KRSXG5CTMVRXEZLU");
    await expect(safari.request("accounts.add", { uri: other })).resolves.toBeDefined();
  });

  it("runs the background's popup and fill flows against the app", async () => {
    const { client: safari } = client();
    const tabs = new Map([[3, "https://example.org/"]]);
    const background = new TwofoldBackground({
      host: safari,
      tabUrl: async (tabId) => tabs.get(tabId),
      sendToTab: async () => ({ filled: true }),
      settings: async () => DEFAULT_SETTINGS,
      clearClipboardLater: () => undefined,
      captureTab: () => Promise.reject(new Error("no tab to capture")),
      frames: async () => null,
      now: () => NOW,
    });
    const gitlab = (await safari.request("accounts.add", { uri: GITLAB })).account.id;
    await background.fillTab(3, gitlab, true);
    const frame = { url: "https://example.org/login", frameId: 0, tab: { id: 3, url: tabs.get(3) } };
    expect((await background.lookup(frame)).matches.map((match) => match.accountId)).toEqual([gitlab]);
    expect((await background.codeFor(frame, gitlab)).code).toMatch(/^\d{6}$/);
    const snapshot = await background.snapshot(3);
    expect(snapshot).toMatchObject({ error: null, tabMatches: [gitlab], store: "icloud" });
  });
});
