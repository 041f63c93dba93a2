import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type PageFetchEvent,
  type PopupPageDeps,
  popupPageHandler,
  popupPageTab,
} from "../../src/background/popup-page-server";
import { TwofoldBackground } from "../../src/background/twofold-background";
import type { Snapshot } from "../../src/messaging/page-messages";
import { popupPageParts, popupRoot } from "../../src/popup/popup-page";
import { popupTabParam } from "../../src/popup/popup-tab";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { inProcessHost } from "../support/in-process-host";
import { quietBackgroundDeps } from "../support/quiet-background";

const POPUP_URL = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html";
const CSP = "script-src 'self'; object-src 'self';";
/** The popup page as the extension packages it. */
const TEMPLATE = readFileSync(new URL("../../entrypoints/popup/index.html", import.meta.url), "utf8");
const GITHUB = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
let host: Awaited<ReturnType<typeof inProcessHost>>;
let background: TwofoldBackground;
let now: number;

beforeEach(async () => {
  now = 1_700_000_000_000;
  host = await inProcessHost(() => now);
  background = new TwofoldBackground({
    ...quietBackgroundDeps(host.client, () => now),
    activeTab: async () => ({ id: 7, url: "https://github.com/sessions/two-factor" }),
  });
});
afterEach(() => host.cleanup());

/** A snapshot the background makes for the active tab, after the popup's first open. */
async function snapshotOf(...uris: string[]): Promise<Snapshot> {
  for (const uri of uris) await host.service.add({ uri });
  // As the popup's open does after a change: the accounts are read again.
  await background.snapshot({ activeIn: "focused" }, true);
  const snapshot = await background.readySnapshot({ activeIn: "focused" });
  if (snapshot === null) throw new Error("the background had no snapshot ready");
  return snapshot;
}

/**
 * The structure of the renderer's `html` — each tag with its attribute names,
 * in order (it quotes every value with `"`) — and whether any `<` is left
 * that is not part of a tag.
 */
function structureOf(html: string) {
  const tags: string[] = [];
  const text = html
    .replace(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*\/?>/g, (_, tag: string, list: string) => {
      const names = [...list.matchAll(/\s+([^\s=>/"]+)(?:="[^"]*")?/g)].map(([, name]) => name);
      tags.push(`${tag}(${names.join(" ")})`);
      return "";
    })
    .replace(/<\/[a-zA-Z][\w-]*>/g, "");
  return { tags, strayAngle: text.includes("<") };
}

/** The text of the first element with `className` in the renderer's `html`, its escapes undone. */
function textOf(html: string, className: string): string | undefined {
  const escaped = html.match(new RegExp(`class="${className}">([^<]*)<`))?.[1];
  return escaped
    ?.replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * Draws one account named `issuer` / `label` and checks that the names are
 * only text: the markup has exactly the elements and attributes it has for
 * plain names, and the row shows the names as they are.
 */
function drawsAsText(snapshot: Snapshot, issuer: string, label: string): void {
  const account = snapshot.accounts[0];
  if (account === undefined) throw new Error("no account");
  const draw = (names: { issuer: string; label: string }) =>
    popupRoot({ ...snapshot, accounts: [{ ...account, ...names }] }, now);
  const plain = (name: string) => (name.trim() === "" ? name : "x");
  const hostile = draw({ issuer, label });
  expect(structureOf(hostile)).toEqual(structureOf(draw({ issuer: plain(issuer), label: plain(label) })));
  expect(structureOf(hostile).strayAngle).toBe(false);
  if (issuer.trim() !== "") expect(textOf(hostile, "row-issuer")).toBe(issuer);
}

describe("the popup page drawn ahead of its script", () => {
  it("draws each account's current code into the packaged page's root", async () => {
    const snapshot = await snapshotOf(GITHUB);
    const code = Object.values(snapshot.codes)[0]?.code ?? "";
    const root = popupRoot(snapshot, now);
    // Inert until the popup's script takes it over.
    expect(root).toMatch(/^<div id="root" inert><main class="popup">/);
    expect(root).toContain(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(root).toContain('class="row-issuer">GitHub<');
    expect(root).toContain("For this site");
    const parts = popupPageParts(TEMPLATE);
    expect(parts).not.toBeNull();
    expect(`${parts?.head}${popupRoot(null, now)}${parts?.tail}`).toBe(TEMPLATE);
  });

  it("keeps hostile names text: no element, attribute or replacement pattern comes from a name", async () => {
    const snapshot = await snapshotOf(GITHUB);
    drawsAsText(snapshot, '<img src=x onerror=alert(1)>"onmouseover="alert(2)', "</div><script>alert(3)</script>$&$'");
    drawsAsText(snapshot, "<!-- <p>a</p> --><div><svg onload=alert(4)>", "<span class=row>&amp;</span>");
    // Through the whole path: a QR code's name, stored by the host, drawn by the background.
    const name = encodeURIComponent("<p>Evil</p>");
    const root = popupRoot(await snapshotOf(`otpauth://totp/${name}:me?secret=KRSXG5CTMVRXEZLU`), now);
    expect(root).toContain(">&lt;p>Evil&lt;/p><");
  });

  it("keeps any name text (property)", async () => {
    const snapshot = await snapshotOf(GITHUB);
    const hostile = fc.oneof(
      fc.string({ unit: "grapheme-ascii" }),
      fc.constantFrom("<", ">", '"', "'", "&", "</", "<!--", "-->", "<p>", "<div>", "<svg onload=x>", "$&", "&amp;"),
    );
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 6 }), fc.array(hostile, { maxLength: 6 }), (issuer, label) => {
        drawsAsText(snapshot, issuer.join(""), label.join(""));
      }),
    );
  });

  it("is not drawn before the popup's first open, nor for an error or an empty list", async () => {
    await host.service.add({ uri: GITHUB });
    expect(await background.readySnapshot({ activeIn: "focused" })).toBeNull();
    await background.snapshot({ activeIn: "focused" });
    expect(await background.readySnapshot({ activeIn: "focused" })).not.toBeNull();

    // A host that fails after the first open (its store locked): the popup's page says so itself.
    let locked = false;
    const failing = new TwofoldBackground({
      ...quietBackgroundDeps(
        {
          request: (method, params) =>
            locked ? Promise.reject(new TwofoldError("STORE_LOCKED", "locked")) : host.client.request(method, params),
          reset: () => undefined,
        },
        () => now,
      ),
      activeTab: async () => ({ id: 7, url: "https://github.com/sessions/two-factor" }),
    });
    await failing.snapshot({ activeIn: "focused" });
    locked = true;
    expect((await failing.snapshot({ activeIn: "focused" })).error?.code).toBe("STORE_LOCKED");
    expect(await failing.readySnapshot({ activeIn: "focused" })).toBeNull();

    const empty = await inProcessHost(() => now);
    const emptyBackground = new TwofoldBackground(quietBackgroundDeps(empty.client, () => now));
    await emptyBackground.snapshot(undefined);
    expect(await emptyBackground.readySnapshot(undefined)).toBeNull();
    await empty.cleanup();
  });

  it("reads codes past their period again rather than drawing stale ones", async () => {
    const first = await snapshotOf(GITHUB);
    now += 30_000;
    const later = await background.readySnapshot({ activeIn: "focused" });
    const [before] = Object.values(first.codes);
    const [after] = Object.values(later?.codes ?? {});
    expect(after?.validFrom).toBe((before?.validFrom ?? 0) + 30_000);
  });
});

describe("the worker's answer to the popup page's load", () => {
  /** Dispatches one fetch event; the answer, or null when the listener left the request alone. */
  async function load(
    deps: Partial<PopupPageDeps>,
    request: PageFetchEvent["request"] = { method: "GET", mode: "navigate", url: POPUP_URL },
    handler = popupPageHandler({ ...defaults(), ...deps }),
  ): Promise<Response | null> {
    let answer: Promise<Response> | null = null;
    handler({ request, respondWith: (response) => (answer = response) });
    return answer;
  }

  const packagedFetches: string[] = [];
  function defaults(): PopupPageDeps {
    return {
      popupUrl: POPUP_URL,
      csp: CSP,
      readySnapshot: async () => null,
      now: () => now,
      fetch: async (url) => {
        packagedFetches.push(url);
        return new Response(TEMPLATE, { headers: { "content-type": "text/html" } });
      },
    };
  }
  beforeEach(() => {
    packagedFetches.length = 0;
  });

  it("answers with the codes drawn, under the extension pages' policy, never to be kept", async () => {
    const snapshot = await snapshotOf(GITHUB);
    const response = await load({ readySnapshot: async () => snapshot });
    expect(response?.headers.get("content-security-policy")).toBe(CSP);
    expect(response?.headers.get("cache-control")).toBe("no-store");
    expect(response?.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = (await response?.text()) ?? "";
    const parts = popupPageParts(TEMPLATE);
    expect(html).toBe(`${parts?.head}${popupRoot(snapshot, now)}${parts?.tail}`);
    expect(html).toContain('class="row-issuer">GitHub<');
  });

  it("answers with the packaged page when nothing is ready or drawing fails", async () => {
    expect(await (await load({}))?.text()).toBe(TEMPLATE);
    const failing = await load({ readySnapshot: () => Promise.reject(new Error("host stopped")) });
    expect(await failing?.text()).toBe(TEMPLATE);
    const broken = { error: null, accounts: null } as unknown as Snapshot;
    expect(await (await load({ readySnapshot: async () => broken }))?.text()).toBe(TEMPLATE);
  });

  it("does not keep the page waiting for a host that does not answer", async () => {
    const never = new Promise<Snapshot | null>(() => undefined);
    expect(await (await load({ readySnapshot: () => never, deadlineMs: 20 }))?.text()).toBe(TEMPLATE);
  });

  it("reads the packaged page once, and again after a failed read", async () => {
    let fail = true;
    const handler = popupPageHandler({
      ...defaults(),
      fetch: async (url) => {
        packagedFetches.push(url);
        if (fail) return new Response("", { status: 404 });
        return new Response(TEMPLATE);
      },
    });
    // A failed read is answered with what the worker's own read of the package gave.
    expect((await load({}, undefined, handler))?.status).toBe(404);
    fail = false;
    for (let open = 0; open < 3; open++) expect(await (await load({}, undefined, handler))?.text()).toBe(TEMPLATE);
    expect(packagedFetches).toEqual([POPUP_URL, POPUP_URL, POPUP_URL]);
  });

  it("leaves every other request to the browser", async () => {
    const other = (request: Partial<PageFetchEvent["request"]>) =>
      load({}, { method: "GET", mode: "navigate", url: POPUP_URL, ...request });
    expect(await other({ url: POPUP_URL.replace("popup.html", "options.html") })).toBeNull();
    expect(await other({ url: POPUP_URL.replace("popup.html", "chunks/popup.js") })).toBeNull();
    expect(await other({ mode: "cors" })).toBeNull();
    expect(await other({ method: "POST" })).toBeNull();
    expect(await other({ url: "https://example.com/popup.html" })).toBeNull();
  });

  it("draws for the tab the page names, else the active tab of the focused window", () => {
    const tab = (url: string) => popupPageTab({ method: "GET", mode: "navigate", url }, POPUP_URL);
    expect(tab(POPUP_URL)).toEqual({ activeIn: "focused" });
    expect(tab(`${POPUP_URL}?tab=42`)).toBe(42);
    expect(tab(`${POPUP_URL}?tab=-1`)).toEqual({ activeIn: "focused" });
    expect(tab(`${POPUP_URL}?tab=1.5`)).toEqual({ activeIn: "focused" });
    expect(popupTabParam("?tab=abc")).toBeUndefined();
  });
});
