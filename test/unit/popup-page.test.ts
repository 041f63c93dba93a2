import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  EXTENSION_PAGE_CSP,
  type PageFetchEvent,
  type PopupPageDeps,
  popupPageHandler,
  popupPageTab,
} from "../../src/background/popup-page-server";
import { TwofoldBackground } from "../../src/background/twofold-background";
import type { Snapshot } from "../../src/messaging/page-messages";
import { popupPageParts, popupRoot } from "../../src/popup/popup-page";
import { popupTabParam } from "../../src/popup/popup-tab";
import { inProcessHost } from "../support/in-process-host";
import { quietBackgroundDeps } from "../support/quiet-background";

const POPUP_URL = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html";
/** The popup page as the extension packages it. */
const TEMPLATE = readFileSync(new URL("../../entrypoints/popup/index.html", import.meta.url), "utf8");
const GITHUB = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
/** Every element the popup itself draws; anything else in a drawn page came from a name. */
const DRAWN_TAGS = new Set([
  "main",
  "header",
  "span",
  "label",
  "input",
  "button",
  "svg",
  "path",
  "rect",
  "circle",
  "section",
  "div",
  "h2",
  "output",
  "p",
  "polyline",
  "line",
]);

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
  await background.snapshot({ activeIn: "focused" });
  const snapshot = await background.readySnapshot({ activeIn: "focused" });
  if (snapshot === null) throw new Error("the background had no snapshot ready");
  return snapshot;
}

/**
 * The elements and attribute names in the renderer's `html` (it quotes every
 * value with `"`), and whether any `<` is left that is not part of a tag.
 */
function markupOf(html: string) {
  const tags: string[] = [];
  const attributes: string[] = [];
  const text = html
    .replace(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*\/?>/g, (_, tag: string, list: string) => {
      tags.push(tag.toLowerCase());
      for (const [, name] of list.matchAll(/\s+([^\s=>/"]+)(?:="[^"]*")?/g)) attributes.push(name?.toLowerCase() ?? "");
      return "";
    })
    .replace(/<\/[a-zA-Z][\w-]*>/g, "");
  return { tags, attributes, strayAngle: text.includes("<") };
}

/** Whether `html` holds only what the popup draws: its own elements, no handler attribute, no stray `<`. */
function onlyDrawn(html: string): void {
  const { tags, attributes, strayAngle } = markupOf(html);
  expect(tags.filter((tag) => !DRAWN_TAGS.has(tag))).toEqual([]);
  expect(attributes.filter((name) => name.startsWith("on"))).toEqual([]);
  expect(strayAngle).toBe(false);
}

describe("the popup page drawn ahead of its script", () => {
  it("draws each account's current code into the packaged page's root", async () => {
    const snapshot = await snapshotOf(GITHUB);
    const code = Object.values(snapshot.codes)[0]?.code ?? "";
    const root = popupRoot(snapshot, now);
    expect(root).toMatch(/^<div id="root"><main class="popup">/);
    expect(root).toContain(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(root).toContain('class="row-issuer">GitHub<');
    expect(root).toContain("For this site");
    const parts = popupPageParts(TEMPLATE);
    expect(parts).not.toBeNull();
    expect(`${parts?.head}${popupRoot(null, now)}${parts?.tail}`).toBe(TEMPLATE);
  });

  it("keeps hostile names text: no element, attribute or replacement pattern comes from a name", async () => {
    const name = encodeURIComponent('<img src=x onerror=alert(1)>"onmouseover="alert(2)');
    const label = encodeURIComponent("</div><script>alert(3)</script>$&$'");
    const root = popupRoot(await snapshotOf(`otpauth://totp/${name}:${label}?secret=JBSWY3DPEHPK3PXP`), now);
    onlyDrawn(root);
    expect(root).toContain("&lt;img src=x onerror=alert(1)>");
    expect(root).toContain("&lt;/div>&lt;script>alert(3)&lt;/script>$&amp;$'");
  });

  it("keeps any name text (property)", async () => {
    const snapshot = await snapshotOf(GITHUB);
    const account = snapshot.accounts[0];
    if (account === undefined) throw new Error("no account");
    const hostile = fc.oneof(
      fc.string({ unit: "grapheme-ascii" }),
      fc.constantFrom("<", ">", '"', "'", "&", "</", "<!--", "-->", "<script>", "<svg onload=x>", "$&", "\u2028"),
    );
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 6 }), fc.array(hostile, { maxLength: 6 }), (issuer, label) => {
        const named = { ...account, issuer: issuer.join(""), label: label.join("") };
        const root = popupRoot({ ...snapshot, accounts: [named] }, now);
        onlyDrawn(root);
      }),
    );
  });

  it("is not drawn before the popup's first open, nor for an error or an empty list", async () => {
    await host.service.add({ uri: GITHUB });
    expect(await background.readySnapshot({ activeIn: "focused" })).toBeNull();
    await background.snapshot({ activeIn: "focused" });
    expect(await background.readySnapshot({ activeIn: "focused" })).not.toBeNull();

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
    expect(response?.headers.get("content-security-policy")).toBe(EXTENSION_PAGE_CSP);
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
    // A failed read falls back to the browser's own load of the packaged page.
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
