import { MENU_WIDTH_PX, menuHeight } from "../inline-menu/menu-geometry";

/**
 * The frame that holds the inline menu: Twofold's own page
 * (`inline-menu.html`, web-accessible), placed under the code field. The
 * page around it can move or restyle this element, but never read or
 * script what is inside; whether the frame was visible when the person
 * picked is checked before any fill (see otp-autofill.ts).
 */
export class InlineMenuFrame {
  readonly element: HTMLIFrameElement;

  constructor(anchor: HTMLElement, rows: number, url: string) {
    const doc = anchor.ownerDocument;
    const win = doc.defaultView;
    const rect = anchor.getBoundingClientRect();
    const height = menuHeight(rows);
    const below = rect.bottom + 4 + height <= (win?.innerHeight ?? Number.POSITIVE_INFINITY);
    const top = below ? rect.bottom + 4 : Math.max(0, rect.top - 4 - height);
    this.element = doc.createElement("iframe");
    this.element.src = url;
    this.element.title = "Twofold: fill a code";
    this.element.setAttribute("tabindex", "-1");
    this.element.setAttribute("allowtransparency", "true");
    const style: Record<string, string> = {
      all: "initial",
      position: "fixed",
      "z-index": "2147483647",
      top: `${Math.round(top)}px`,
      left: `${Math.round(Math.max(0, rect.left))}px`,
      width: `${MENU_WIDTH_PX}px`,
      height: `${height}px`,
      border: "0",
      "border-radius": "10px",
      "box-shadow": "0 6px 24px rgb(0 0 0 / .18)",
      "color-scheme": "normal",
      display: "block",
      visibility: "visible",
      opacity: "1",
    };
    for (const [name, value] of Object.entries(style)) this.element.style.setProperty(name, value, "important");
    doc.documentElement.append(this.element);
  }

  /** Gives the menu keyboard focus (ArrowDown in the field); the menu focuses its first account. */
  focus(): void {
    this.element.focus();
    this.element.contentWindow?.focus();
  }

  close(): void {
    this.element.remove();
  }
}
