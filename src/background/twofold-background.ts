import { fillableHost, siteOf } from "../domains/page-host";
import type { ContentResponse, MenuResponse, TabCommand, TabCommandResult } from "../messaging/content-messages";
import type { PageHostMethod, Snapshot } from "../messaging/page-messages";
import type { AccountSummary } from "../otp/account";
import { type MethodParams, type MethodResult, methods } from "../protocol/methods";
import { asTwofoldError, TwofoldError } from "../protocol/twofold-error";
import type { Settings } from "../settings/settings";
import { bestMatches } from "./best-matches";
import { contentScriptMatches, matchesAnyPattern } from "./content-script-matches";
import { type FrameSender, judgeFrame, type TabFrame } from "./frame-policy";
import type { HostClient } from "./host-client";
import { SnapshotCache } from "./snapshot-cache";

/** What the background needs from the browser, passed in so tests can fake it. */
export interface BackgroundDeps {
  host: HostClient;
  tabUrl(tabId: number): Promise<string | undefined>;
  /**
   * The active tab of a window (`"focused"`: the window the person is in), with its
   * address (tabs.query); absent where the browser cannot say.
   */
  activeTab?(windowId: number | "focused"): Promise<{ id: number; url: string | undefined } | undefined>;
  /** Sends to every frame of the tab, or to one frame when `frameId` is given. */
  sendToTab(tabId: number, command: TabCommand, frameId?: number): Promise<TabCommandResult | undefined>;
  settings(): Promise<Settings>;
  /** A PNG of what the tab shows, as base64 (tabs.captureVisibleTab). */
  captureTab(tabId: number): Promise<string>;
  /** Clears the clipboard after `seconds` if it still holds `code`. */
  clearClipboardLater(code: string, seconds: number): void;
  /** The tab's frame tree (webNavigation.getAllFrames); null where the browser cannot list frames. */
  frames(tabId: number): Promise<TabFrame[] | null>;
  /**
   * Where the content script is registered (content-script-registry.ts);
   * absent where the browser declares it statically on every page.
   */
  registry?: ScriptRegistry;
  now?: () => number;
}

/** The parts of `ContentScriptRegistry` the background uses. */
export interface ScriptRegistry {
  ticket(): number;
  apply(ticket: number, matches: readonly string[]): Promise<void>;
  patterns(): readonly string[];
}

/**
 * A frame that asked for its matches and may open the inline menu. The menu
 * page carries the token in its address; browsers do not list extension
 * frames in the tab's frame tree, so the token is how the background knows
 * which frame a menu serves.
 */
interface MenuSource {
  sender: FrameSender;
  tabId: number;
  frameId: number;
  expires: number;
}

/** The tab a snapshot describes: one by id, or the active tab of a window the background looks up. */
export type SnapshotTab = number | { activeIn: number | "focused" } | undefined;

/** A one-time permission from the popup to fill an account on a site it is not bound to. */
interface FillGrant {
  tabId: number;
  site: string;
  accountId: string;
  expires: number;
}

const GRANT_MS = 30_000;
/** An inline menu may ask for its frame's accounts this long after the frame's lookup. */
const MENU_MS = 10 * 60_000;
/** At most this many menu tokens are kept (the oldest go first). */
const MENU_TOKENS = 64;

/**
 * The background's logic: serves the popup from a cache, proxies the host
 * methods extension pages may call, and answers content scripts with codes
 * only for accounts bound to the sending frame's own site.
 */
export class TwofoldBackground {
  private readonly cache = new SnapshotCache();
  private accountsLoading: Promise<AccountSummary[]> | null = null;
  private readonly now: () => number;
  private grants: FillGrant[] = [];
  private readonly menuSources = new Map<string, MenuSource>();
  private store: string | null = null;

  constructor(private readonly deps: BackgroundDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Everything the popup shows, from cache when the cache is current. A host
   * that stopped since is started again at once (the popup was opened by a
   * person; backoff is for automatic retries).
   */
  async snapshot(tab: SnapshotTab, refresh = false): Promise<Snapshot> {
    // Only pages ask for snapshots, when a person opens them: try the host again now
    // rather than waiting out the backoff that protects against a crash-looping host.
    this.deps.host.reset();
    if (refresh) this.cache.clear();
    const found = this.findTab(tab);
    const fillableUrl = found.then(({ url }) => (url !== undefined && fillableHost(url) !== null ? url : null));
    // Settings, the tab and the host are asked at once: the popup waits for the slowest, not for the sum.
    const [settings, { id }, tabUrl, fromHost] = await Promise.all([
      this.deps.settings(),
      found,
      fillableUrl,
      this.hostSnapshot(fillableUrl),
    ]);
    return { ...fromHost, tabId: id, tabUrl, settings };
  }

  /**
   * The snapshot to draw the popup's page from before its script runs
   * (popup-page-server.ts), or null: before the popup's first open has put
   * the accounts in memory — then the host may still have to start and open
   * its store, and the page should not stay blank that long; it loads as
   * packaged and says it is loading — or when there is nothing to list (an
   * error, no account). Like any snapshot it asks the host for the tab's
   * matches, and for codes past their period: a running host answers in a
   * few milliseconds (the page waits only so long: popup-page-server.ts).
   */
  async readySnapshot(tab: SnapshotTab): Promise<Snapshot | null> {
    if (this.cache.getAccounts() === null) return null;
    const snapshot = await this.snapshot(tab);
    return snapshot.error === null && snapshot.accounts.length > 0 ? snapshot : null;
  }

  /** The snapshot's tab and its address; a tab that cannot be found is no tab. */
  private async findTab(tab: SnapshotTab): Promise<{ id: number | null; url: string | undefined }> {
    if (tab === undefined) return { id: null, url: undefined };
    if (typeof tab === "number") return { id: tab, url: await this.deps.tabUrl(tab) };
    const active = await this.deps.activeTab?.(tab.activeIn).catch(() => undefined);
    return { id: active?.id ?? null, url: active?.url };
  }

  /** The snapshot's part that comes from the host; never rejects (a failure is its `error`). */
  private async hostSnapshot(
    fillableUrl: Promise<string | null>,
  ): Promise<Pick<Snapshot, "error" | "accounts" | "codes" | "tabMatches" | "store">> {
    try {
      // The codes are asked for with the account list, not after it: after a start both are
      // missing, and the host answers the second request without waiting for the page to ask.
      const [accounts, codes, tabMatches, store] = await Promise.all([
        this.accounts(),
        this.codes(),
        fillableUrl.then((url) => (url === null ? null : this.deps.host.request("codes.forUrl", { url }))),
        this.store ?? this.deps.host.request("store.status", {}).then(({ spec }) => spec),
      ]);
      this.store = store;
      const matchIds = tabMatches === null ? [] : tabMatches.matches.map((match) => match.account.id);
      return { error: null, accounts, codes, tabMatches: matchIds, store };
    } catch (error) {
      this.cache.clear();
      return { error: asTwofoldError(error).toBody(), accounts: [], codes: {}, tabMatches: [], store: null };
    }
  }

  /** A host method called by an extension page; writes invalidate the cache. */
  async callHost<M extends PageHostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const result = await this.deps.host.request(method, params);
    if (methods[method].mutates) {
      this.cache.clear();
      // Before the page hears "done": a site bound a moment ago must fill on the next page that opens.
      await this.syncRegistration();
    }
    return result;
  }

  /**
   * Registers the content script where the host's accounts can fill now
   * (on background start, and after every change made through Twofold's
   * pages). The popup's cache is left alone: it fills when a person opens it.
   * A host that cannot be reached leaves the registration as it was.
   */
  async syncRegistration(): Promise<void> {
    const registry = this.deps.registry;
    if (registry === undefined) return;
    const ticket = registry.ticket();
    // A host that cannot be reached leaves the registration as it was; the next change or start tries again.
    const accounts = await this.listAccounts().catch(() => null);
    if (accounts !== null) await this.register(ticket, accounts);
  }

  /**
   * Registers the content script where `accounts` can fill, unless a list read
   * later has been applied already (`ticket`). A registration the browser
   * refuses stays as it was; the next change or start tries again.
   */
  private async register(ticket: number, accounts: readonly AccountSummary[]): Promise<void> {
    await this.deps.registry?.apply(ticket, contentScriptMatches(accounts)).catch(() => undefined);
  }

  /**
   * A tab's top frame is starting to load `url`: if an account can fill
   * there, start (or wake) the host and open its store now, so the code is
   * ready by the time the person clicks. Other pages never start the host.
   */
  async warm(url: string): Promise<void> {
    const patterns = this.deps.registry?.patterns() ?? [];
    if (fillableHost(url) === null || !matchesAnyPattern(url, patterns)) return;
    // A head start only: a failure here meets the lookup that needs it again, which reports it.
    await this.walkFillPath(url).catch(() => undefined);
  }

  /**
   * What a fill at `url` will ask for first: the host's codes for the page and
   * the settings (a lookup reads them, and the first read of browser storage
   * is the slow one), so that its first time is not at the click.
   */
  private async walkFillPath(url: string): Promise<void> {
    await Promise.all([this.deps.host.request("codes.forUrl", { url }), this.deps.settings()]);
  }

  /**
   * "Scan QR code": captures what the tab shows and sends the image straight
   * to the host, which finds and imports the otpauth:// or migration QR code.
   * The image is not kept; the secret in it reaches only the host.
   */
  async scanTab(tabId: number): Promise<MethodResult<"import">> {
    const image = await this.deps.captureTab(tabId);
    return this.callHost("import", { data: image, encoding: "base64", format: "qr-image" });
  }

  /** The user pressed Retry after installing or unlocking something. */
  retry(): void {
    this.deps.host.reset();
    this.cache.clear();
    this.store = null;
  }

  /**
   * The popup's Fill button. With `remember`, the tab's site is bound to the
   * account first; without, the account may fill this tab's site once.
   */
  async fillTab(tabId: number, accountId: string, remember: boolean): Promise<{ filled: boolean }> {
    const url = await this.deps.tabUrl(tabId);
    const host = url === undefined ? null : fillableHost(url);
    if (url === undefined || host === null) {
      throw new TwofoldError("ACCESS_DENIED", "Twofold fills only https pages (or http on localhost).");
    }
    if (remember) {
      await this.callHost("accounts.remember", { id: accountId, url });
    } else {
      this.grants = this.liveGrants().filter((grant) => !(grant.tabId === tabId && grant.accountId === accountId));
      this.grants.push({ tabId, site: siteOf(host), accountId, expires: this.now() + GRANT_MS });
    }
    const result = await this.deps.sendToTab(tabId, { type: "fill.account", accountId });
    return { filled: result?.filled === true };
  }

  /** The popup copied a code; clear it from the clipboard later if the user wants that. */
  async copied(code: string, seconds: number): Promise<null> {
    if (seconds > 0) this.deps.clearClipboardLater(code, seconds);
    return null;
  }

  /**
   * The keyboard command or the context menu: fill the focused code field of
   * the tab (or of the frame that was right-clicked). The frame still asks
   * for its codes itself, so the same site checks apply.
   */
  async fillFocused(tabId: number, frameId?: number): Promise<{ filled: boolean }> {
    const result = await this.deps.sendToTab(tabId, { type: "fill.focused" }, frameId);
    return { filled: result?.filled === true };
  }

  /**
   * The pointer reached a code field in the sending frame: walk the path its
   * fill will take — the frame policy, the settings, the host's codes for
   * the frame's address — so the first fill after the browser starts finds
   * each step done once already. A field fills only once it has been seen
   * for half a second, so this has that long a head start on the fill.
   * Gives the frame nothing; a frame the policy refuses wakes nothing.
   */
  async prepare(sender: FrameSender): Promise<null> {
    const verdict = await this.judge(sender);
    if (verdict.allowed) await this.walkFillPath(verdict.url);
    return null;
  }

  /**
   * A content script's frame asks which accounts match it. It learns only
   * their ids: names are shown by the inline menu (an extension frame), and
   * codes are sent for a fill the person chose ({@link codeFor}).
   */
  async lookup(sender: FrameSender): Promise<ContentResponse<"content.lookup">> {
    const settings = await this.deps.settings();
    const fill = {
      fillOnFocus: settings.fillOnFocus,
      inlineSuggestion: settings.inlineSuggestion,
      autoSubmit: settings.autoSubmit,
    };
    const verdict = await this.judge(sender);
    if (!verdict.allowed) return { matches: [], settings: fill };
    const { matches } = await this.deps.host.request("codes.forUrl", { url: verdict.url });
    const best = bestMatches(matches);
    if (best.length === 0) return { matches: [], settings: fill };
    return {
      matches: best.map((match) => ({ accountId: match.account.id })),
      settings: fill,
      menuToken: this.menuToken(sender, verdict.tabId),
    };
  }

  /**
   * The code of one account for the sending frame: only if the account is
   * bound to the frame's site, or the popup granted it for this tab and site.
   */
  async codeFor(sender: FrameSender, accountId: string): Promise<ContentResponse<"content.codeFor">> {
    const verdict = await this.judge(sender);
    if (!verdict.allowed) throw new TwofoldError("ACCESS_DENIED", `Twofold does not fill here: ${verdict.reason}.`);
    const { autoSubmit } = await this.deps.settings();
    const { matches } = await this.deps.host.request("codes.forUrl", { url: verdict.url });
    const bound = matches.find((match) => match.account.id === accountId);
    if (bound) return { code: bound.code.code, autoSubmit };
    const granted = this.liveGrants().some(
      (grant) => grant.tabId === verdict.tabId && grant.site === verdict.site && grant.accountId === accountId,
    );
    if (!granted) throw new TwofoldError("ACCESS_DENIED", "That account is not bound to this site.");
    const { codes } = await this.deps.host.request("codes.get", { accountIds: [accountId] });
    const code = codes[0];
    if (code === undefined) throw new TwofoldError("NOT_FOUND", "That account no longer exists.");
    return { code: code.code, autoSubmit };
  }

  /** The inline menu page asks what to show: the accounts of the frame that opened it. */
  async menuAccounts(menu: FrameSender, token: string): Promise<MenuResponse<"menu.accounts">> {
    const opener = await this.menuOpener(menu, token);
    if (opener === null) return { accounts: [] };
    return {
      accounts: opener.matches.map(({ account }) => ({
        accountId: account.id,
        issuer: account.issuer,
        label: account.label,
      })),
    };
  }

  /**
   * The person picked an account in the inline menu: the frame that opened
   * the menu fills the field the menu belongs to (and checks, itself, that
   * the menu was visible long enough to have been seen).
   */
  async menuPick(menu: FrameSender, token: string, accountId: string): Promise<MenuResponse<"menu.pick">> {
    const opener = await this.menuOpener(menu, token);
    if (opener === null || !opener.matches.some((match) => match.account.id === accountId)) {
      throw new TwofoldError("ACCESS_DENIED", "That account does not match the page this menu belongs to.");
    }
    const result = await this.deps.sendToTab(
      opener.tabId,
      { type: "fill.account", accountId, picked: true },
      opener.frameId,
    );
    return { filled: result?.filled === true };
  }

  /** Escape in the inline menu: the frame that opened it closes it. */
  async menuClose(menu: FrameSender, token: string): Promise<null> {
    const opener = await this.menuOpener(menu, token);
    if (opener !== null) await this.deps.sendToTab(opener.tabId, { type: "menu.close" }, opener.frameId);
    return null;
  }

  /** A fresh token for the inline menu of `sender`'s frame (one per frame: the newest wins). */
  private menuToken(sender: FrameSender, tabId: number): string {
    const frameId = sender.frameId ?? 0;
    for (const [token, source] of this.menuSources) {
      if ((source.tabId === tabId && source.frameId === frameId) || source.expires <= this.now())
        this.menuSources.delete(token);
    }
    if (this.menuSources.size >= MENU_TOKENS) this.menuSources.delete(this.menuSources.keys().next().value as string);
    const token = crypto.randomUUID();
    this.menuSources.set(token, { sender, tabId, frameId, expires: this.now() + MENU_MS });
    return token;
  }

  /**
   * The frame whose lookup issued `token`, if the menu asking is in the same
   * tab, the frame is still at the same address and still passes the frame
   * policy; with its matches now.
   */
  private async menuOpener(menu: FrameSender, token: string) {
    const source = this.menuSources.get(token);
    if (source === undefined || source.tabId !== menu.tab?.id) return null;
    if (source.expires <= this.now()) {
      this.menuSources.delete(token);
      return null;
    }
    const frames = await this.deps.frames(source.tabId);
    if (frames !== null && frames.find((frame) => frame.frameId === source.frameId)?.url !== source.sender.url)
      return null;
    const verdict = judgeFrame(source.sender, frames);
    if (!verdict.allowed) return null;
    const { matches } = await this.deps.host.request("codes.forUrl", { url: verdict.url });
    return { tabId: source.tabId, frameId: source.frameId, matches: bestMatches(matches) };
  }

  /** The frame policy, with the tab's frame tree for frames below the top. */
  private async judge(sender: FrameSender) {
    const tabId = sender.tab?.id;
    const frames = tabId === undefined || !sender.frameId ? null : await this.deps.frames(tabId);
    return judgeFrame(sender, frames);
  }

  private liveGrants(): FillGrant[] {
    const now = this.now();
    this.grants = this.grants.filter((grant) => grant.expires > now);
    return this.grants;
  }

  /** The cached account list, or one read of it that every caller meanwhile shares. */
  private accounts(): Promise<AccountSummary[]> {
    const cached = this.cache.getAccounts();
    if (cached !== null) return Promise.resolve(cached);
    this.accountsLoading ??= this.readAccounts().finally(() => {
      this.accountsLoading = null;
    });
    return this.accountsLoading;
  }

  private async readAccounts(): Promise<AccountSummary[]> {
    const ticket = this.deps.registry?.ticket();
    const accounts = await this.listAccounts();
    this.cache.setAccounts(accounts);
    // The accounts may have changed outside the browser (the CLI): follow them.
    if (ticket !== undefined) await this.register(ticket, accounts);
    return accounts;
  }

  private async listAccounts() {
    const accounts = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.host.request("accounts.list", cursor === undefined ? {} : { cursor });
      accounts.push(...page.accounts);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return accounts;
  }

  /**
   * Every listed account's current code, from the cache or else the host. A
   * code can expire while a long list is read — a first open after the
   * browser starts takes over a second at 1,000 accounts — so the host is
   * asked once more then, and what is current is returned even if a code is
   * still missing: once the popup was left with no code at all, and no
   * expiry to ask again at.
   */
  private async codes() {
    for (let read = 0; read < 2; read++) {
      const cached = this.cache.currentCodes(this.now());
      if (cached !== null) return cached;
      let cursor: string | undefined;
      do {
        const page = await this.deps.host.request("codes.get", cursor === undefined ? {} : { cursor });
        this.cache.putCodes(page.codes);
        cursor = page.cursor;
      } while (cursor !== undefined);
      // The cache keeps codes only for the accounts it lists.
      await this.accounts();
    }
    return this.cache.currentCodes(this.now(), { partial: true }) ?? {};
  }
}
