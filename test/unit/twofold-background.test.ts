import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TabFrame } from "../../src/background/frame-policy";
import { routeMessage } from "../../src/background/message-router";
import { type BackgroundDeps, TwofoldBackground } from "../../src/background/twofold-background";
import type { TabCommand } from "../../src/messaging/content-messages";
import { isTwofoldError, TwofoldError } from "../../src/protocol/twofold-error";
import { DEFAULT_SETTINGS } from "../../src/settings/settings";
import { inProcessHost } from "../support/in-process-host";
import { quietBackgroundDeps } from "../support/quiet-background";

const GITHUB = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB = "otpauth://totp/GitLab:octocat?secret=KRSXG5CTMVRXEZLU&issuer=GitLab";

let host: Awaited<ReturnType<typeof inProcessHost>>;
let background: TwofoldBackground;
let now: number;
let tabs: Map<number, string>;
let sentToTabs: { tabId: number; command: TabCommand; frameId?: number | undefined }[];
let frames: Map<number, TabFrame[]>;
let ids: { github: string; gitlab: string };

const frame = (tabId: number, url: string, frameId = 0) => ({ url, frameId, tab: { id: tabId, url: tabs.get(tabId) } });

/** A background over the in-process host with quiet defaults, changed where a test needs it. */
function backgroundWith(overrides: Partial<BackgroundDeps>): TwofoldBackground {
  return new TwofoldBackground({
    ...quietBackgroundDeps(host.client, () => now),
    tabUrl: async (tabId) => tabs.get(tabId),
    ...overrides,
  });
}

beforeEach(async () => {
  now = 1_700_000_000_000;
  host = await inProcessHost(() => now);
  tabs = new Map([
    [1, "https://github.com/sessions/two-factor"],
    [2, "https://evil-portal.com/"],
    [3, "https://example.org/"],
  ]);
  sentToTabs = [];
  frames = new Map();
  background = backgroundWith({
    sendToTab: async (tabId, command, frameId) => {
      sentToTabs.push({ tabId, command, frameId });
      return { filled: true };
    },
    frames: async (tabId) => frames.get(tabId) ?? null,
  });
  ids = {
    github: (await host.service.add({ uri: GITHUB })).id,
    gitlab: (await host.service.add({ uri: GITLAB })).id,
  };
});
afterEach(() => host.cleanup());

describe("TwofoldBackground", () => {
  it("offers a frame only the accounts bound to its own site", async () => {
    const { matches } = await background.lookup(frame(1, "https://github.com/sessions/two-factor"));
    expect(matches.map((match) => match.accountId)).toEqual([ids.github]);
    expect((await background.lookup(frame(3, "https://example.org/"))).matches).toEqual([]);
  });

  it("gives a cross-site frame nothing, even a matching one", async () => {
    expect((await background.lookup(frame(2, "https://github.com/sessions/two-factor", 5))).matches).toEqual([]);
    const error = await background.codeFor(frame(2, "https://github.com/x", 5), ids.github).catch((e: unknown) => e);
    expect(isTwofoldError(error, "ACCESS_DENIED")).toBe(true);
  });

  it("tells a frame only which account ids match: no names, no codes before a pick", async () => {
    const { menuToken, ...found } = await background.lookup(frame(1, "https://github.com/sessions/two-factor"));
    expect(found.matches).toEqual([{ accountId: ids.github }]);
    // Exactly these keys: nothing else (a name, a code) can ride along.
    expect(Object.keys(found).sort()).toEqual(["matches", "settings"]);
    expect(found.matches.map((match) => Object.keys(match))).toEqual([["accountId"]]);
    expect(menuToken).toMatch(/^[0-9a-f-]{36}$/);
    // Ids and the token are random hex, which often holds six digits in a row: look for the codes themselves.
    const [code] = (await host.client.request("codes.get", { accountIds: [ids.github] })).codes;
    expect(code?.code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(found)).not.toMatch(/octocat|GitHub/);
    expect(JSON.stringify(found)).not.toContain(code?.code);
    expect(JSON.stringify(found)).not.toContain(code?.next);
  });

  it.each([
    ["a same-site frame in a same-site frame", ["https://github.com/", "https://gist.github.com/"], true],
    [
      "a bound frame inside a cross-site ad frame inside the bound page",
      ["https://github.com/", "https://ads.example/"],
      false,
    ],
    ["a frame whose chain is unknown", null, false],
  ])("judges every frame around the sender: %s", async (_name, chain, allowed) => {
    // Tab 1's top frame is github.com; frame 2 is chain[1] inside it; frame 3 (the sender) is inside frame 2.
    if (chain) {
      frames.set(1, [
        { frameId: 0, parentFrameId: -1, url: chain[0] as string },
        { frameId: 2, parentFrameId: 0, url: chain[1] as string },
        { frameId: 3, parentFrameId: 2, url: "https://github.com/otp" },
      ]);
    } else {
      frames.set(1, [{ frameId: 0, parentFrameId: -1, url: "https://github.com/" }]);
    }
    const { matches } = await background.lookup(frame(1, "https://github.com/otp", 3));
    expect(matches.length > 0).toBe(allowed);
    const code = await background.codeFor(frame(1, "https://github.com/otp", 3), ids.github).catch(() => null);
    expect(code !== null).toBe(allowed);
  });

  it("gives a sandboxed (opaque-origin) frame on the bound site nothing", async () => {
    const sandboxed = { ...frame(1, "https://github.com/sessions/two-factor"), origin: "null" };
    expect((await background.lookup(sandboxed)).matches).toEqual([]);
    const error = await background.codeFor(sandboxed, ids.github).catch((e: unknown) => e);
    expect(isTwofoldError(error, "ACCESS_DENIED")).toBe(true);
  });

  it.each<[string, () => ReturnType<typeof frame>, string[]]>([
    ["the bound page's own frame", () => frame(1, "https://github.com/sessions/two-factor"), ["codes.forUrl"]],
    ["a page no account is bound to (as its lookup would)", () => frame(3, "https://example.org/"), ["codes.forUrl"]],
    ["a cross-site frame", () => frame(2, "https://github.com/sessions/two-factor", 5), []],
    ["a sandboxed frame", () => ({ ...frame(1, "https://github.com/sessions/two-factor"), origin: "null" }), []],
  ])("prepares a fill for %s, and tells the frame nothing", async (_name, sender, calls) => {
    // The fill's path, walked once while the field waits to be seen: frame policy, settings, the host.
    let settingsRead = 0;
    const preparing = backgroundWith({
      settings: async () => {
        settingsRead += 1;
        return DEFAULT_SETTINGS;
      },
      frames: async (tabId) => frames.get(tabId) ?? null,
    });
    const self = { id: "ext", origin: "chrome-extension://ext/", menuUrl: "chrome-extension://ext/inline-menu.html" };
    host.calls.length = 0;
    expect(await routeMessage({ type: "content.prepare" }, { id: "ext", ...sender() }, preparing, self)).toEqual({
      ok: true,
      value: null,
    });
    expect(host.calls).toEqual(calls);
    expect(settingsRead).toBe(calls.length);
  });

  describe("the inline menu", () => {
    // Frame 0 is the bound page; the menu is Twofold's page framed inside it, carrying the token
    // that frame's lookup returned (browsers do not list extension frames in the frame tree).
    const menu = { url: "chrome-extension://ext/inline-menu.html", frameId: 7, tab: { id: 1 } };
    const page = () => frame(1, "https://github.com/sessions/two-factor");
    beforeEach(() => {
      frames.set(1, [{ frameId: 0, parentFrameId: -1, url: "https://github.com/sessions/two-factor" }]);
    });

    it("gets a token with a lookup that matched, and none without", async () => {
      expect((await background.lookup(page())).menuToken).toMatch(/^[0-9a-f-]{36}$/);
      expect((await background.lookup(frame(3, "https://example.org/"))).menuToken).toBeUndefined();
    });

    it("shows the names of the accounts of the frame that opened it", async () => {
      const { menuToken } = await background.lookup(page());
      expect((await background.menuAccounts(menu, menuToken as string)).accounts).toEqual([
        { accountId: ids.github, issuer: "GitHub", label: "octocat" },
      ]);
      expect((await background.menuAccounts(menu, crypto.randomUUID())).accounts).toEqual([]);
      // A menu in another tab cannot use the token.
      expect((await background.menuAccounts({ ...menu, tab: { id: 2 } }, menuToken as string)).accounts).toEqual([]);
    });

    it("sends a pick to the frame that opened it, as a picked fill", async () => {
      const { menuToken } = await background.lookup(page());
      expect(await background.menuPick(menu, menuToken as string, ids.github)).toEqual({ filled: true });
      expect(sentToTabs).toEqual([
        { tabId: 1, command: { type: "fill.account", accountId: ids.github, picked: true }, frameId: 0 },
      ]);
    });

    it("refuses a pick of an account that does not match, and serves nothing after the frame navigated", async () => {
      const { menuToken } = await background.lookup(page());
      const error = await background.menuPick(menu, menuToken as string, ids.gitlab).catch((e: unknown) => e);
      expect(isTwofoldError(error, "ACCESS_DENIED")).toBe(true);
      frames.set(1, [{ frameId: 0, parentFrameId: -1, url: "https://github.com/elsewhere" }]);
      expect((await background.menuAccounts(menu, menuToken as string)).accounts).toEqual([]);
      expect(sentToTabs).toEqual([]);
    });

    it("accepts menu messages only from the menu page itself", async () => {
      const self = { id: "ext", origin: "chrome-extension://ext/", menuUrl: "chrome-extension://ext/inline-menu.html" };
      const { menuToken } = await background.lookup(page());
      const fromPage = await routeMessage(
        { type: "menu.pick", token: menuToken, accountId: ids.github },
        { id: "ext", url: "https://github.com/inline-menu.html", frameId: 0, tab: { id: 1 } },
        background,
        self,
      );
      expect(fromPage).toMatchObject({ ok: false, error: { code: "ACCESS_DENIED" } });
      const fromMenu = await routeMessage(
        { type: "menu.accounts", token: menuToken },
        { id: "ext", ...menu },
        background,
        self,
      );
      expect(fromMenu).toMatchObject({ ok: true, value: { accounts: [{ accountId: ids.github }] } });
      expect(sentToTabs).toEqual([]);
    });
  });

  it("refuses a code for an account that is not bound to the frame", async () => {
    const error = await background.codeFor(frame(1, "https://github.com/"), ids.gitlab).catch((e: unknown) => e);
    expect(isTwofoldError(error, "ACCESS_DENIED")).toBe(true);
  });

  it("lets the popup fill an unbound account once, on that tab and site only, for 30 seconds", async () => {
    await background.fillTab(3, ids.gitlab, false);
    expect(sentToTabs).toEqual([
      { tabId: 3, command: { type: "fill.account", accountId: ids.gitlab }, frameId: undefined },
    ]);
    expect((await background.codeFor(frame(3, "https://example.org/login"), ids.gitlab)).code).toMatch(/^\d{6}$/);
    tabs.set(4, "https://example.org/");
    expect(
      isTwofoldError(
        await background.codeFor(frame(4, "https://example.org/"), ids.gitlab).catch((e: unknown) => e),
        "ACCESS_DENIED",
      ),
    ).toBe(true);
    now += 31_000;
    expect(
      isTwofoldError(
        await background.codeFor(frame(3, "https://example.org/"), ids.gitlab).catch((e: unknown) => e),
        "ACCESS_DENIED",
      ),
    ).toBe(true);
  });

  it("remembers the site when asked, so later fills need no grant", async () => {
    await background.fillTab(3, ids.gitlab, true);
    const account = (await host.service.list()).find((candidate) => candidate.id === ids.gitlab);
    expect(account?.domains).toContainEqual({ host: "example.org", source: "remembered" });
    expect((await background.lookup(frame(3, "https://example.org/"))).matches.map((m) => m.accountId)).toEqual([
      ids.gitlab,
    ]);
  });

  it("serves the popup's snapshot from its cache while codes are current", async () => {
    const first = await background.snapshot(1);
    expect(first.error).toBeNull();
    expect(first.accounts).toHaveLength(2);
    expect(first.tabMatches).toEqual([ids.github]);
    expect(Object.keys(first.codes).sort()).toEqual([ids.github, ids.gitlab].sort());
    host.calls.length = 0;
    await background.snapshot(undefined);
    expect(host.calls).toEqual([]);
    now += 30_000;
    await background.snapshot(undefined);
    expect(host.calls).toEqual(["codes.get"]);
  });

  it("asks the host again when the codes it read expired while it read them, and never answers with no codes", async () => {
    const client = host.client;
    let slowReads = 1;
    const slow = backgroundWith({
      host: {
        async request(method, params) {
          const result = await client.request(method, params);
          // A long list read across a period boundary: the codes just read are already stale.
          if (method === "codes.get" && slowReads-- > 0) now = (Math.floor(now / 30_000) + 1) * 30_000 + 5;
          return result;
        },
        reset() {},
      },
    });
    host.calls.length = 0;
    const snapshot = await slow.snapshot(1);
    expect(host.calls.filter((call) => call === "codes.get")).toHaveLength(2);
    expect(Object.keys(snapshot.codes).sort()).toEqual([ids.github, ids.gitlab].sort());
    for (const code of Object.values(snapshot.codes)) expect(code.validUntil).toBeGreaterThan(now);

    // Stale after every read: what is current is still shown (here, nothing), and the popup is answered.
    slowReads = Number.POSITIVE_INFINITY;
    const stale = await slow.snapshot(1, true);
    expect(stale.error).toBeNull();
    expect(stale.accounts).toHaveLength(2);
  });

  it("asks the host for the popup's snapshot while it reads the settings and the tab, not after", async () => {
    // Settings and the tab answer only once the host has been asked: one after another would never finish.
    let hostAsked = () => {};
    const asked = new Promise<void>((resolve) => {
      hostAsked = resolve;
    });
    const client = host.client;
    const parallel = backgroundWith({
      host: {
        request(method, params) {
          hostAsked();
          return client.request(method, params);
        },
        reset() {},
      },
      tabUrl: async (tabId) => {
        await asked;
        return tabs.get(tabId);
      },
      settings: async () => {
        await asked;
        return DEFAULT_SETTINGS;
      },
    });
    const snapshot = await parallel.snapshot(1);
    expect(snapshot.error).toBeNull();
    expect(snapshot.settings).toEqual(DEFAULT_SETTINGS);
    expect(snapshot.tabUrl).toBe("https://github.com/sessions/two-factor");
    expect(snapshot.tabMatches).toEqual([ids.github]);
  });

  it("shows host errors as data in the snapshot", async () => {
    const failing = backgroundWith({
      host: {
        request: () => Promise.reject(new (class extends Error {})("boom")),
        reset() {},
      },
      tabUrl: async () => undefined,
    });
    const snapshot = await failing.snapshot(undefined);
    expect(snapshot.error?.code).toBe("INTERNAL");
    expect(snapshot.accounts).toEqual([]);
  });
});

describe("the popup's tab", () => {
  /** A background whose windows each have an active tab; it records which window it was asked about. */
  function withWindows(active: Partial<Record<number | "focused", number>>) {
    const asked: (number | "focused")[] = [];
    const background = backgroundWith({
      activeTab: async (windowId) => {
        asked.push(windowId);
        const id = active[windowId];
        return id === undefined ? undefined : { id, url: tabs.get(id) };
      },
    });
    return { background, asked };
  }
  const self = { id: "ext", origin: "chrome-extension://ext/", menuUrl: "chrome-extension://ext/inline-menu.html" };

  it.each([
    [
      "the toolbar's popup: the window the person is in",
      { id: "ext", url: "chrome-extension://ext/popup.html" },
      "focused",
      1,
    ],
    [
      "a popup opened in a tab: that tab's window",
      { id: "ext", url: "chrome-extension://ext/popup.html", tab: { id: 9, windowId: 7 } },
      7,
      3,
    ],
  ] as const)("finds the active tab of %s, and names it in the snapshot", async (_name, sender, window, tabId) => {
    const { background: windows, asked } = withWindows({ focused: 1, 7: 3 });
    const reply = await routeMessage({ type: "page.snapshot", activeTab: true }, sender, windows, self);
    expect(asked).toEqual([window]);
    expect(reply).toMatchObject({ ok: true, value: { error: null, tabId, tabUrl: tabs.get(tabId) } });
  });

  it("matches the accounts of the active tab it found, without the page naming the tab", async () => {
    const { background: windows } = withWindows({ focused: 1 });
    const snapshot = await windows.snapshot({ activeIn: "focused" });
    expect(snapshot.tabId).toBe(1);
    expect(snapshot.tabMatches).toEqual([ids.github]);
  });

  it("describes no tab when the window has none", async () => {
    const { background: windows } = withWindows({});
    const snapshot = await windows.snapshot({ activeIn: "focused" });
    expect(snapshot).toMatchObject({ error: null, tabId: null, tabUrl: null, tabMatches: [] });
    expect(snapshot.accounts).toHaveLength(2);
  });

  it("asks the host for the codes with the account list, not after it", async () => {
    // The list answers only once the codes have been asked for: one after the other would never finish.
    let codesAsked = () => {};
    const asked = new Promise<void>((resolve) => {
      codesAsked = resolve;
    });
    const client = host.client;
    const cold = backgroundWith({
      host: {
        async request(method, params) {
          if (method === "codes.get") codesAsked();
          if (method === "accounts.list") await asked;
          return client.request(method, params);
        },
        reset() {},
      },
    });
    const snapshot = await cold.snapshot(1);
    expect(snapshot.error).toBeNull();
    expect(Object.keys(snapshot.codes).sort()).toEqual([ids.github, ids.gitlab].sort());
  });
});

describe("routeMessage", () => {
  const self = { id: "ext", origin: "chrome-extension://ext/", menuUrl: "chrome-extension://ext/inline-menu.html" };

  it("ignores other extensions and messages that are not ours", () => {
    expect(routeMessage({ type: "page.retry" }, { id: "other" }, background, self)).toBeUndefined();
    expect(routeMessage("hello", { id: "ext" }, background, self)).toBeUndefined();
    expect(routeMessage({ type: "something.else" }, { id: "ext" }, background, self)).toBeUndefined();
  });

  it("refuses page messages from content scripts", async () => {
    const reply = await routeMessage(
      { type: "page.host", method: "accounts.list", params: {} },
      { id: "ext", url: "https://github.com/", tab: { id: 1 } },
      background,
      self,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: "ACCESS_DENIED" } });
  });

  it("refuses host methods pages may not call, and malformed params", async () => {
    const page = { id: "ext", url: "chrome-extension://ext/popup.html" };
    expect(
      await routeMessage({ type: "page.host", method: "hello", params: {} }, page, background, self),
    ).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
    expect(
      await routeMessage(
        { type: "page.host", method: "accounts.setPinned", params: { id: 5 } },
        page,
        background,
        self,
      ),
    ).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(
      await routeMessage({ type: "page.host", method: "accounts.list", params: {} }, page, background, self),
    ).toMatchObject({ ok: true });
  });

  it.each([
    ["an unknown page message", { type: "page.unknown" }],
    ["a name every object inherits", { type: "page.constructor" }],
    [
      "a known message with a field of the wrong type",
      { type: "page.fillTab", tabId: "1", accountId: "a", remember: true },
    ],
    ["a known message missing a field", { type: "page.scanTab" }],
  ])("refuses %s from a page as a bad request", async (_name, message) => {
    const reply = await routeMessage(
      message,
      { id: "ext", url: "chrome-extension://ext/popup.html" },
      background,
      self,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/\w/) } });
    expect(sentToTabs).toEqual([]);
  });

  it("refuses content messages from outside a tab, and derives the frame from the sender", async () => {
    expect(
      await routeMessage({ type: "content.lookup" }, { id: "ext", url: "https://github.com/" }, background, self),
    ).toMatchObject({
      ok: false,
      error: { code: "ACCESS_DENIED" },
    });
    // A message that claims another URL changes nothing: only the sender counts.
    const reply = await routeMessage(
      { type: "content.lookup", url: "https://github.com/" },
      { id: "ext", ...frame(3, "https://example.org/") },
      background,
      self,
    );
    expect(reply).toMatchObject({ ok: true, value: { matches: [] } });
  });
});

describe("after the host stopped", () => {
  it("a popup snapshot retries at once instead of waiting out the backoff", async () => {
    // Like the native port client after a crash: every request fails until reset() lets it start the host again.
    let down = true;
    const recovering = backgroundWith({
      host: {
        request: (method, params) =>
          down
            ? Promise.reject(new TwofoldError("HOST_DISCONNECTED", "The Twofold host stopped."))
            : host.client.request(method, params),
        reset() {
          down = false;
        },
      },
    });
    const snapshot = await recovering.snapshot(1);
    expect(snapshot.error).toBeNull();
    expect(snapshot.accounts.map((account) => account.issuer).sort()).toEqual(["GitHub", "GitLab"]);
    expect(snapshot.tabMatches).toEqual([ids.github]);
  });
});

describe("where the content script is registered", () => {
  /** A background whose registry records what it applied; `down` makes every host request fail. */
  function withRegistry(options: { down?: boolean } = {}) {
    const applied: string[][] = [];
    let patterns: readonly string[] = [];
    let tickets = 0;
    const background = backgroundWith({
      host: options.down
        ? {
            request: () => Promise.reject(new TwofoldError("HOST_MISSING", "The Twofold host is not installed.")),
            reset() {},
          }
        : host.client,
      registry: {
        ticket: () => ++tickets,
        apply: async (_ticket, matches) => {
          applied.push([...matches]);
          patterns = matches;
        },
        patterns: () => patterns,
      },
    });
    return { background, applied };
  }

  it("follows a binding made on Twofold's pages before the page hears it is done", async () => {
    const { background: registering, applied } = withRegistry();
    await registering.syncRegistration();
    expect(applied.at(-1)).toEqual([
      "https://*.github.com/*",
      "https://*.gitlab.com/*",
      "https://github.com/*",
      "https://gitlab.com/*",
    ]);
    await registering.callHost("accounts.setDomains", {
      id: ids.gitlab,
      domains: [{ host: "corp.example", source: "user" }],
    });
    expect(applied.at(-1)).toEqual([
      "https://*.corp.example/*",
      "https://*.github.com/*",
      "https://corp.example/*",
      "https://github.com/*",
    ]);
    // A read changes nothing and registers nothing.
    const count = applied.length;
    await registering.callHost("accounts.list", {});
    expect(applied).toHaveLength(count);
  });

  it("leaves the registration as it was when the host cannot be reached", async () => {
    const { background: registering, applied } = withRegistry({ down: true });
    await registering.syncRegistration();
    expect(applied).toEqual([]);
  });

  it("starts the host for a page an account can fill on, and for no other page", async () => {
    const { background: registering } = withRegistry();
    await registering.syncRegistration();
    host.calls.length = 0;
    await registering.warm("https://example.org/");
    await registering.warm("http://github.com/login");
    expect(host.calls).toEqual([]);
    await registering.warm("https://github.com/login");
    expect(host.calls).toEqual(["codes.forUrl"]);
  });
});
