import type { FrameMatch } from "../messaging/content-messages";
import { isVisibleToPerson } from "./is-visible";

/** Clicks sooner than this after the list appears are ignored (a page could time a lure to it). */
export const SUGGESTION_ARM_MS = 400;

const STYLE = `
:host { all: initial; position: fixed; z-index: 2147483647; }
.list { font: 13px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff; color: #16181d;
  border: 1px solid #c9ced6; border-radius: 10px; box-shadow: 0 6px 24px rgb(0 0 0 / .18); padding: 4px; min-width: 220px; }
.title { font-size: 11px; color: #5b616e; padding: 6px 10px 4px; }
button { all: unset; box-sizing: border-box; display: flex; gap: 8px; align-items: center; width: 100%; padding: 8px 10px;
  border-radius: 7px; cursor: pointer; }
button:hover, button:focus-visible { background: #e8efff; outline: none; }
.issuer { font-weight: 600; } .label { color: #5b616e; }
@media (prefers-color-scheme: dark) {
  .list { background: #1f2229; color: #eceef2; border-color: #333845; }
  .title, .label { color: #a3a9b6; } button:hover, button:focus-visible { background: #263352; }
}`;

/**
 * The list of matching accounts under a code field, in a closed shadow root
 * so the page can neither read nor restyle it. It acts only on trusted clicks
 * that land on it while it is visible and armed.
 */
export class InlineSuggestion {
  private readonly host: HTMLElement;
  private readonly shownAt: number;
  private readonly abort = new AbortController();

  constructor(
    anchor: Element,
    matches: readonly FrameMatch[],
    private readonly onPick: (match: FrameMatch) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    const doc = anchor.ownerDocument;
    this.host = doc.createElement("twofold-suggestion");
    const shadow = this.host.attachShadow({ mode: "closed" });
    const style = doc.createElement("style");
    style.textContent = STYLE;
    const list = doc.createElement("div");
    list.className = "list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Twofold: fill a code");
    const title = doc.createElement("div");
    title.className = "title";
    title.textContent = "Fill a code with Twofold";
    list.append(title);
    for (const match of matches) {
      const button = doc.createElement("button");
      button.setAttribute("role", "option");
      const issuer = doc.createElement("span");
      issuer.className = "issuer";
      issuer.textContent = match.issuer || match.label;
      const label = doc.createElement("span");
      label.className = "label";
      label.textContent = match.issuer ? match.label : "";
      button.append(issuer, label);
      button.addEventListener("click", (event) => this.clicked(event, match), { signal: this.abort.signal });
      list.append(button);
    }
    shadow.append(style, list);
    const rect = anchor.getBoundingClientRect();
    this.host.style.setProperty("top", `${Math.round(rect.bottom + 4)}px`, "important");
    this.host.style.setProperty("left", `${Math.round(rect.left)}px`, "important");
    doc.documentElement.append(this.host);
    this.shownAt = this.now();
    doc.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Escape") this.close();
      },
      { signal: this.abort.signal, capture: true },
    );
    doc.addEventListener(
      "pointerdown",
      (event) => {
        if (!event.composedPath().includes(this.host) && !event.composedPath().includes(anchor)) this.close();
      },
      { signal: this.abort.signal, capture: true },
    );
  }

  close(): void {
    this.abort.abort();
    this.host.remove();
  }

  get isOpen(): boolean {
    return this.host.isConnected;
  }

  private clicked(event: MouseEvent, match: FrameMatch): void {
    event.preventDefault();
    event.stopPropagation();
    if (!event.isTrusted) return;
    if (this.now() - this.shownAt < SUGGESTION_ARM_MS) return;
    if (!isVisibleToPerson(this.host)) return;
    // The click must land on our list, not on something the page laid over it.
    const hit = this.host.ownerDocument.elementFromPoint(event.clientX, event.clientY);
    if (hit !== this.host) return;
    this.close();
    this.onPick(match);
  }
}
