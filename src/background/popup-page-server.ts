import type { Snapshot } from "../messaging/page-messages";
import { type PopupPageParts, popupPageParts, popupRoot } from "../popup/popup-page";
import { popupTabParam } from "../popup/popup-tab";
import type { SnapshotTab } from "./twofold-background";

/**
 * Chromium's policy for a Manifest V3 extension's pages when its manifest
 * names none. Chromium holds a page this worker answers with to the
 * extension's policy by itself (an inline script injected into a drawn page
 * did not run here even without a header); the page states the policy
 * again, so that it never depends on that.
 */
export const DEFAULT_EXTENSION_PAGE_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

/**
 * How long the page waits for the snapshot before it is sent as packaged
 * (its script then asks, and shows that it is loading): a running host
 * answers in milliseconds, and a popup must never stay blank for a host that
 * is busy, hung or restarting.
 */
export const DRAW_DEADLINE_MS = 150;

/** The parts of a service worker's `fetch` event this file uses. */
export interface PageFetchEvent {
  readonly request: Pick<Request, "method" | "mode" | "url">;
  respondWith(response: Promise<Response>): void;
}

/** The parts of a service worker's `install` event this file uses (`addRoutes`: Chromium 123 and later). */
export interface WorkerInstallEvent {
  addRoutes?(rules: readonly RouterRule[]): Promise<void>;
}

interface RouterRule {
  condition: { urlPattern: { pathname: string }; requestMode?: RequestMode; runningStatus?: "running" | "not-running" };
  source: "fetch-event" | "network";
}

/**
 * Routes for the worker's `install` event: only the load of the popup's page
 * (`popupPath`, e.g. `/popup.html`) goes through the `fetch` listener, and
 * only while the worker runs — a worker that is not running has no snapshot
 * to draw from, and the page should not wait for it to start. Its scripts
 * and styles, and every other page of the extension (the inline menu inside
 * sites' pages among them), load straight from the package, without waiting
 * for the worker — which may be starting, or busy — to hand each request back.
 */
export function popupPageRoutes(popupPath: string): RouterRule[] {
  return [
    {
      condition: { urlPattern: { pathname: popupPath }, requestMode: "navigate", runningStatus: "running" },
      source: "fetch-event",
    },
    { condition: { urlPattern: { pathname: "/*" } }, source: "network" },
  ];
}

export interface PopupPageDeps {
  /** The packaged popup page's address (`chrome-extension://…/popup.html`). */
  popupUrl: string;
  /** The extension pages' script policy (the manifest's, else {@link DEFAULT_EXTENSION_PAGE_CSP}). */
  csp: string;
  /** Overrides {@link DRAW_DEADLINE_MS} (tests). */
  deadlineMs?: number;
  /** The snapshot to draw, or null to serve the page as packaged (TwofoldBackground.readySnapshot). */
  readySnapshot(tab: SnapshotTab): Promise<Snapshot | null>;
  now(): number;
  /** The worker's own `fetch`: it reaches the package, not this worker's handler. */
  fetch(url: string): Promise<Response>;
}

/**
 * Answers the browser's request for the popup's page, in a browser whose
 * background is a service worker that sees its extension's page loads
 * (Chromium). The page comes with the accounts and codes already drawn
 * (popup-page.tsx), so the codes are painted as soon as the page is parsed,
 * not after its script has loaded and asked for them. The page's head goes
 * out at once, so the browser loads the styles and the script while the
 * snapshot is read. When the snapshot is not ready, not there within
 * {@link DRAW_DEADLINE_MS}, or drawing fails, the root stays empty and the
 * page is the packaged one. If the packaged page cannot be read here, the
 * answer is whatever this worker's own read of it gave. Every other request
 * is left to the browser. Returns the `fetch` listener.
 */
export function popupPageHandler(deps: PopupPageDeps): (event: PageFetchEvent) => void {
  /** The packaged page, read and split once; a failed read is tried again by the next open. */
  let packaged: Promise<PopupPageParts> | null = null;
  const packagedParts = () => {
    if (packaged === null) {
      packaged = deps.fetch(deps.popupUrl).then(async (response) => {
        if (!response.ok) throw new Error(`the packaged popup page answered ${response.status}`);
        const parts = popupPageParts(await response.text());
        if (parts === null) throw new Error("the packaged popup page has no root to draw into");
        return parts;
      });
      packaged.catch(() => {
        packaged = null;
      });
    }
    return packaged;
  };

  async function page(tab: SnapshotTab): Promise<Response> {
    const ready = withDeadline(deps.readySnapshot(tab), deps.deadlineMs ?? DRAW_DEADLINE_MS);
    const parts = await packagedParts();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(parts.head));
        const snapshot = await ready;
        let root: string;
        try {
          root = popupRoot(snapshot, deps.now());
        } catch {
          root = popupRoot(null, deps.now());
        }
        controller.enqueue(encoder.encode(root + parts.tail));
        controller.close();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": deps.csp,
        // Codes change every period: the page is never kept.
        "cache-control": "no-store",
      },
    });
  }

  return (event) => {
    const tab = popupPageTab(event.request, deps.popupUrl);
    if (tab === null) return;
    event.respondWith(page(tab).catch(() => deps.fetch(deps.popupUrl)));
  };
}

/**
 * The tab a request loads the popup's page for — the one named by `?tab=`,
 * else the active tab of the window the person is in — or null when the
 * request is not the page's own load.
 */
export function popupPageTab(request: PageFetchEvent["request"], popupUrl: string): SnapshotTab | null {
  if (request.method !== "GET" || request.mode !== "navigate") return null;
  const url = new URL(request.url);
  const popup = new URL(popupUrl);
  if (url.origin !== popup.origin || url.pathname !== popup.pathname) return null;
  return popupTabParam(url.search) ?? { activeIn: "focused" };
}

/** `snapshot`, or null once `ms` have passed first or if it fails. */
function withDeadline(snapshot: Promise<Snapshot | null>, ms: number): Promise<Snapshot | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([snapshot.catch(() => null), late]).finally(() => clearTimeout(timer));
}
