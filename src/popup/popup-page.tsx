import { renderToString } from "preact-render-to-string";
import type { Snapshot } from "../messaging/page-messages";
import { PopupApp } from "./popup-app";
import type { PopupServices } from "./use-popup-actions";

/**
 * The popup's page drawn ahead of its script. The background answers the
 * browser's request for `popup.html` (popup-page-server.ts) with the
 * accounts and codes already in the markup, so the browser paints them as
 * it parses the page, as fast as it would paint a static page. The page's
 * script asks for its snapshot as always, then draws over this markup
 * (popup-start.tsx). Only the background loads this file: the renderer
 * stays out of the popup's own script.
 */

/** Where the popup's app is drawn, in the packaged page and in a drawn one. */
const EMPTY_ROOT = '<div id="root"></div>';

/** The packaged page around its empty root: what a drawn page keeps as it is. */
export interface PopupPageParts {
  head: string;
  tail: string;
}

/** The packaged page (`template`) split at its empty root, or null if it has none to draw into. */
export function popupPageParts(template: string): PopupPageParts | null {
  const at = template.indexOf(EMPTY_ROOT);
  return at < 0 ? null : { head: template.slice(0, at), tail: template.slice(at + EMPTY_ROOT.length) };
}

/**
 * What goes between the page's parts: the root with the app drawn from
 * `snapshot` at `now` — or, without a snapshot, the empty root, and the page
 * is the packaged one. Every name is text to the renderer, which escapes it.
 * The drawn root is `inert` until the script has taken it over: until then
 * its buttons and search field do nothing, so a person cannot press or
 * type into them.
 */
export function popupRoot(snapshot: Snapshot | null, now: number): string {
  if (snapshot === null) return EMPTY_ROOT;
  return `<div id="root" inert>${renderToString(<PopupApp services={drawingServices(snapshot, now)} />)}</div>`;
}

/**
 * What the app is given when it is only drawn: the snapshot and the time.
 * The renderer runs no effect and no handler, so no action is ever called;
 * each says so if it were.
 */
function drawingServices(snapshot: Snapshot, now: number): PopupServices {
  const notYet = () => Promise.reject(new Error("The popup's script has not started yet."));
  return {
    clock: () => now,
    // Shown only with an error, and a page is drawn ahead only when there is none.
    installCommand: "",
    initial: snapshot,
    snapshot: () => Promise.resolve(snapshot),
    setPinned: notYet,
    fill: notYet,
    copy: notYet,
    copied: notYet,
    advanceHotp: notYet,
    retry: notYet,
    openOptions: notYet,
    scanTab: notYet,
  };
}
