import { labelText, parentAcross } from "./field-facts";

/**
 * Whether an element is visible as the browser paints it, judged from inside
 * its own frame: no check here sees effects that a parent frame applies to
 * this frame (IntersectionObserver v2 does; see visibility-watch.ts).
 *
 * Each rule names the clickjacking trick it stops: a code field made
 * invisible under a "Click to win" lure must never be filled by the click
 * meant for the lure.
 */

/** Smaller than this (CSS px) and nobody would click it on purpose. */
const MIN_SIZE = 8;
/** Any visible fading up the chain: a page faded to 1% is still "opacity > 0". */
const MIN_OPACITY = 0.99;
/** Shrunk by a transform to less than this share of its layout size. */
const MIN_SCALE = 0.9;
/** Text paler than this is not text a person can read. */
const MIN_TEXT_ALPHA = 0.5;
/** An element painted over a field this small (share of the field) is an icon, not a cover. */
const ICON_SHARE = 0.15;

/** Why an element is not visible, or `null` when it is. */
export type Invisibility = string | null;

/**
 * Geometry, every visual effect up the ancestor chain (across shadow roots),
 * the element's own text colour, and what is painted over it at five
 * points. Returns the first reason found, or `null` when a person can see it.
 */
export function invisibility(element: HTMLElement, win: Window): Invisibility {
  if (!element.isConnected) return "removed";
  const rect = element.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return "too small";
  const cx = rect.left + rect.width / 2;
  const cy = rect.top + rect.height / 2;
  if (cx < 0 || cy < 0 || cx > win.innerWidth || cy > win.innerHeight) return "outside the viewport";
  // offsetWidth is the layout size; the client rect includes every transform up the chain.
  if (element.offsetWidth > 0 && rect.width / element.offsetWidth < MIN_SCALE) return "shrunk by a transform";
  const effect = effectInChain(element, win);
  if (effect !== null) return effect;
  const own = win.getComputedStyle(element);
  if (alpha(own.color) < MIN_TEXT_ALPHA || alpha(own.getPropertyValue("-webkit-text-fill-color")) < MIN_TEXT_ALPHA)
    return "transparent text";
  return withAllPointerEvents(element.ownerDocument, win, () => coveredAt(element, rect, win));
}

/**
 * Runs `test` while every element takes pointer events, so that hit testing
 * also finds what a page drew over a field with `pointer-events: none` (a
 * lure the click passes through). The sheet is added and removed within one
 * task: the page never renders or observes it.
 */
function withAllPointerEvents<T>(doc: Document, win: Window, test: () => T): T {
  let restore: (() => void) | null = null;
  try {
    const sheet = new (win as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync("*, *::before, *::after { pointer-events: auto !important; }");
    const before = doc.adoptedStyleSheets;
    doc.adoptedStyleSheets = [...before, sheet];
    restore = () => {
      doc.adoptedStyleSheets = before;
    };
  } catch {
    // No constructable sheets in this world: the plain hit test still runs.
  }
  try {
    return test();
  } finally {
    restore?.();
  }
}

/** The first visual effect, from the element up to `html`, that can hide it. */
function effectInChain(element: Element, win: Window): Invisibility {
  let opacity = 1;
  for (let node: Element | null = element; node; node = parentAcross(node)) {
    if (node.namespaceURI === "http://www.w3.org/2000/svg" && node.localName === "foreignObject")
      return "inside SVG foreignObject";
    const style = win.getComputedStyle(node);
    if (style.display === "none") return "not displayed";
    if (style.visibility === "hidden" || style.visibility === "collapse") return "visibility hidden";
    if (style.contentVisibility === "hidden") return "content-visibility hidden";
    opacity *= Number.parseFloat(style.opacity || "1");
    if (opacity < MIN_OPACITY) return "faded by opacity";
    // A drop shadow only adds; every other filter (opacity(), url(#…), blur…) can hide.
    if (style.filter !== "none" && style.filter.replace(/drop-shadow\((?:[^()]|\([^()]*\))*\)/g, "").trim() !== "")
      return "a filter";
    if (isSet(style.maskImage) || isSet(style.getPropertyValue("-webkit-mask-image")) || isSet(style.mask))
      return "a mask";
    if (isSet(style.clipPath)) return "a clip-path";
    if (style.clip && style.clip !== "auto") return "a clip";
    if (style.mixBlendMode && style.mixBlendMode !== "normal") return "a blend mode";
  }
  return null;
}

/**
 * Samples five points across the element. At the centre, and at three of
 * the other four, everything painted above it must be harmless: its own
 * label, an outline or decoration with nothing of its own to show, the
 * text the field itself carries (a floating label), or an icon.
 */
function coveredAt(element: HTMLElement, rect: DOMRect, win: Window): Invisibility {
  const root = element.getRootNode() as Document | ShadowRoot;
  const points: [number, number][] = [
    [0.5, 0.5],
    [0.2, 0.3],
    [0.8, 0.3],
    [0.2, 0.7],
    [0.8, 0.7],
  ];
  let misses = 0;
  for (const [index, [fx, fy]] of points.entries()) {
    const stack = root.elementsFromPoint(rect.left + rect.width * fx, rect.top + rect.height * fy);
    if (!uncovered(element, stack, rect, win) && (index === 0 || ++misses > 1)) return "covered by another element";
  }
  return null;
}

/** Whether everything painted above `element` at one point is harmless. */
function uncovered(element: HTMLElement, stack: Element[], rect: DOMRect, win: Window): boolean {
  const at = stack.indexOf(element);
  if (at < 0) return false;
  return stack.slice(0, at).every((above) => element.contains(above) || harmless(element, above, rect, win));
}

function harmless(element: HTMLElement, above: Element, rect: DOMRect, win: Window): boolean {
  if (above.contains(element)) return true;
  if (isOwnLabel(element, above)) return true;
  // The top layer (open popovers, modal dialogs) is never the field's own decoration.
  if (inTopLayer(above)) return false;
  const box = above.getBoundingClientRect();
  const overlap =
    Math.max(0, Math.min(box.right, rect.right) - Math.max(box.left, rect.left)) *
    Math.max(0, Math.min(box.bottom, rect.bottom) - Math.max(box.top, rect.top));
  if (overlap <= rect.width * rect.height * ICON_SHARE) return true;
  const style = win.getComputedStyle(above);
  const paintsFill = alpha(style.backgroundColor) > 0.05 || style.backgroundImage !== "none";
  const text = ownText(above);
  if (paintsFill) return false;
  if (text === "" && !/^(?:img|svg|canvas|video|iframe|object|embed|picture)$/i.test(above.localName)) return true;
  // A floating label repeats what the field is called (Google's "Enter code" over #totpPin).
  return text.length <= 40 && fieldWords(element).includes(text.toLowerCase());
}

function inTopLayer(element: Element): boolean {
  try {
    return element.closest(":popover-open, :modal") !== null;
  } catch {
    return false; // a browser without these selectors has no popovers either
  }
}

function isOwnLabel(element: HTMLElement, node: Element): boolean {
  if (!(element instanceof HTMLInputElement)) return false;
  return Array.from(element.labels ?? []).some((label) => label === node || label.contains(node));
}

function ownText(element: Element): string {
  let text = "";
  for (const child of Array.from(element.childNodes)) if (child.nodeType === 3) text += child.textContent ?? "";
  return text.replace(/\s+/g, " ").trim();
}

/** The names the field carries, where a floating label would repeat one of them. */
function fieldWords(element: HTMLElement): string {
  const input = element as HTMLInputElement;
  return [input.getAttribute("aria-label"), input.getAttribute("placeholder"), input.title, labelText(input)]
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ")
    .toLowerCase();
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "none" && value !== "initial";
}

/** The alpha of a computed CSS colour (`rgb()`, `rgba()`, `transparent`, `color(srgb … / a)`). */
export function alpha(color: string): number {
  if (color === "" || color === "currentcolor") return 1;
  if (color === "transparent") return 0;
  const slash = /\/\s*([\d.]+)(%?)\s*\)$/.exec(color);
  if (slash) return Number(slash[1]) / (slash[2] ? 100 : 1);
  const rgba = /^rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)\s*\)$/.exec(color);
  return rgba ? Number(rgba[1]) : 1;
}
