/** Below this combined opacity a field counts as invisible. */
const MIN_OPACITY = 0.5;
const MIN_SIZE = 8;

/**
 * Whether a person can see `element` and would click it: rendered, at a
 * usable size, inside the viewport, opaque enough all the way up (through
 * shadow hosts to `html`), and not covered at its centre — so a transparent
 * field under a lure, or a page faded to nothing, never gets a code
 * (DESIGN.md invariant 3).
 */
export function isVisibleToPerson(element: Element, win: Window = window): boolean {
  if (!element.isConnected) return false;
  const rect = element.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return false;
  if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= win.innerHeight || rect.left >= win.innerWidth) return false;
  if (!opaqueChain(element, win)) return false;
  return hitsItself(element, rect.left + rect.width / 2, rect.top + rect.height / 2);
}

/** Multiplies opacity up the whole ancestor chain, crossing shadow roots. */
function opaqueChain(element: Element, win: Window): boolean {
  let opacity = 1;
  for (let node: Element | null = element; node; node = parentAcrossShadow(node)) {
    const style = win.getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden" || style.visibility === "collapse") return false;
    if (style.contentVisibility === "hidden") return false;
    opacity *= Number.parseFloat(style.opacity || "1");
    if (/opacity\(\s*0(?:\.0*)?\s*%?\s*\)/.test(style.filter)) return false;
    if (opacity < MIN_OPACITY) return false;
  }
  return true;
}

function parentAcrossShadow(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * Whether the topmost element at (x, y) is `element` itself or its own
 * label. Asked of the element's root, so fields in open shadow roots work.
 */
function hitsItself(element: Element, x: number, y: number): boolean {
  const root = element.getRootNode() as Document | ShadowRoot;
  const hit = root.elementFromPoint(x, y);
  if (hit === null) return false;
  if (hit === element || element.contains(hit)) return true;
  if (element instanceof HTMLInputElement) {
    for (const label of Array.from(element.labels ?? [])) if (label === hit || label.contains(hit)) return true;
  }
  return false;
}
