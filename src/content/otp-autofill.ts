import type { ContentResponse, TabCommand, TabCommandResult } from "../messaging/content-messages";
import { findTargets, type OtpTarget, targetFor } from "./detect-otp-fields";
import type { CommandHandler, ContentPort } from "./extension-port";
import { fillOtpTarget, submitAfterFill } from "./fill-otp-field";
import { InlineMenuFrame } from "./inline-menu-frame";
import { browserClock, type Clock, SEEN_MS, VisibilityWatch } from "./visibility-watch";

/** A frame asks the background to prepare a fill at most this often. */
const PREPARE_MS = 10_000;

export interface AutofillOptions {
  doc: Document;
  win: Window;
  port: ContentPort;
  signal: AbortSignal;
  /** The inline menu page's address (`runtime.getURL("/inline-menu.html")`), asked for when a menu opens. */
  menuUrl: () => string;
  clock?: Clock;
}

interface OpenMenu {
  frame: InlineMenuFrame;
  target: OtpTarget;
  anchor: HTMLInputElement;
}

/**
 * Fills one-time codes into the field a person chose. Listens at the
 * document, so fields that a single-page app adds later, or that sit in
 * open shadow roots, are handled when the person reaches them, at no cost
 * while nothing happens.
 *
 * What counts as the person's choice: a trusted pointer-down on the code
 * field itself (not on its label, not any gesture elsewhere on the page),
 * keyboard focus moved there by Tab, a pick in Twofold's inline menu, or
 * the popup, shortcut or context menu. Whatever else focuses a code field —
 * autofocus, the page's script — opens the inline menu, which shows the
 * account names in an extension frame and sends no code into the page.
 * Every fill waits until the field has been visible, as painted, for
 * {@link SEEN_MS}. Returns the handler for the background's commands.
 */
export function startOtpAutofill({ doc, win, port, signal, menuUrl, clock }: AutofillOptions): CommandHandler {
  // A sandboxed document has an opaque origin: not the site's own page (the background refuses it too).
  if (win.origin === "null") return async () => ({ filled: false });
  const time = clock ?? browserClock(win);
  const watch = new VisibilityWatch(win, time);
  const path = () => win.location.pathname;
  /** True while Twofold's own fill focuses and types: those events are not the person's. */
  let filling = false;
  /** Fields with a lookup or fill under way: one gesture, one fill. */
  const busy = new WeakSet<HTMLInputElement>();
  let menu: OpenMenu | null = null;
  let tab: { event: KeyboardEvent; from: Element | null } | null = null;
  const listen = { capture: true, signal };
  // A lookup or fill that fails (host stopped, account removed) leaves the page as it was: the
  // content script has nowhere to say so that the page could not read, and the popup shows
  // the host's state. So the event handlers below drop such failures on purpose.

  doc.addEventListener(
    "pointerover",
    (event) => {
      const input = event.composedPath()[0];
      if (input instanceof HTMLInputElement) {
        const target = targetFor(input, path());
        if (target) {
          for (const box of boxesOf(target)) watch.watch(box);
          trackMoves();
          prepare();
        }
      }
    },
    { ...listen, passive: true },
  );

  doc.addEventListener(
    "pointerdown",
    (event) => {
      const input = event.composedPath()[0];
      // Clicks inside the menu stay in its own frame; any other press here closes it.
      if (menu && !(input instanceof HTMLInputElement && boxesOf(menu.target).includes(input))) closeMenu();
      if (!event.isTrusted || filling || !(input instanceof HTMLInputElement)) return;
      const target = targetFor(input, path());
      if (!target) return;
      // A press counts as choosing the field only if the pointer moved over the field first,
      // or the field had already been in sight long enough. A field that appears under a
      // resting pointer — shown by the page as the pointer reaches a lure, just before the
      // press lands — was never pointed at: offer, don't fill.
      const pointedAt = movedOver.has(input) || boxesOf(target).every((box) => watch.seenNow(box));
      if (pointedAt) chosen(target, input).catch(() => undefined);
      else offerMenu(target, input).catch(() => undefined);
    },
    { ...listen, passive: true },
  );

  /** When this frame last asked the background to prepare (see {@link prepare}). */
  let preparedAt = Number.NEGATIVE_INFINITY;
  /**
   * The pointer reached a code field: a click may follow, and the field fills
   * only once seen for {@link SEEN_MS}. Use that time to walk the fill's path
   * once — this script's first message, the background's first answer, the
   * host's first codes for this page — so a first fill after the browser
   * starts is as quick as any later one (issue #15). At most one request per
   * {@link PREPARE_MS}, and none where no fill could happen.
   */
  function prepare(): void {
    if (!win.isSecureContext || time.now() - preparedAt < PREPARE_MS) return;
    preparedAt = time.now();
    // Only a head start: the fill itself asks again and handles its own failure.
    port.send({ type: "content.prepare" }).catch(() => undefined);
  }

  /** Fields a trusted pointer move has reached (the move's own target, not a field that slid under it). */
  const movedOver = new WeakSet<HTMLInputElement>();
  let tracking = false;
  /**
   * Listens to pointer moves from the first time the pointer reaches a code
   * field (its `pointerover` comes before the move that brought it there), so
   * a page with no code field pays nothing for every move of the mouse.
   */
  function trackMoves(): void {
    if (tracking) return;
    tracking = true;
    doc.addEventListener(
      "pointermove",
      (event) => {
        const input = event.composedPath()[0];
        if (event.isTrusted && input instanceof HTMLInputElement) movedOver.add(input);
      },
      { ...listen, passive: true },
    );
  }
  doc.addEventListener(
    "pointerout",
    (event) => {
      // Leaving the field (or the field leaving the pointer) ends the pointing.
      const input = event.composedPath()[0];
      if (input instanceof HTMLInputElement) movedOver.delete(input);
    },
    { ...listen, passive: true },
  );

  doc.addEventListener(
    "keydown",
    (event) => {
      if (!event.isTrusted) return;
      if (event.key === "Escape") closeMenu();
      if (event.key === "ArrowDown" && menu && event.composedPath()[0] === menu.anchor) {
        event.preventDefault();
        menu.frame.focus();
      }
      if (event.key !== "Tab") return;
      tab = { event, from: deepActiveElement(doc) };
      // Tab moves focus as its default action, right after this event's dispatch and
      // before any other task: a focus later than that is not the key's doing.
      time.after(0, () => {
        tab = null;
      });
    },
    listen,
  );

  doc.addEventListener(
    "focusin",
    (event) => {
      if (filling) return;
      const input = event.composedPath()[0];
      const pressed = tab;
      tab = null;
      if (!(input instanceof HTMLInputElement)) return;
      const target = targetFor(input, path());
      if (target === null) return;
      if (pressed !== null && movedByTab(pressed, event)) chosen(target, input).catch(() => undefined);
      else offerMenu(target, input).catch(() => undefined);
    },
    listen,
  );
  signal.addEventListener("abort", closeMenu);

  // A field the page focused before this script ran (autofocus) gets the menu,
  // not a fill. `input:focus` rather than activeElement: a query that finds
  // nothing creates no element wrapper in the isolated world, which costs
  // every page ~1 ms.
  const early = doc.querySelector("input:focus") ? focusedTarget() : null;
  if (early) offerMenu(early, anchorOf(early)).catch(() => undefined);
  return runCommand;

  /** The person chose this field: fill when one account matches, else show the menu. */
  async function chosen(target: OtpTarget, anchor: HTMLInputElement): Promise<boolean> {
    if (busy.has(anchor) || !win.isSecureContext) return false;
    busy.add(anchor);
    try {
      for (const box of boxesOf(target)) watch.watch(box);
      const found = await port.send({ type: "content.lookup" });
      const only = found.matches[0];
      if (found.matches.length === 1 && only && found.settings.fillOnFocus)
        return await fillAccount(target, only.accountId);
      openMenu(target, anchor, found);
      return false;
    } finally {
      busy.delete(anchor);
    }
  }

  /** Something other than the person focused a code field: offer the menu, fill nothing. */
  async function offerMenu(target: OtpTarget, anchor: HTMLInputElement): Promise<void> {
    if (holdsCode(target) || menu?.anchor === anchor || busy.has(anchor) || !win.isSecureContext) return;
    for (const box of boxesOf(target)) watch.watch(box);
    const found = await port.send({ type: "content.lookup" });
    if (!holdsCode(target)) openMenu(target, anchor, found);
  }

  function openMenu(target: OtpTarget, anchor: HTMLInputElement, found: ContentResponse<"content.lookup">): void {
    const { matches, settings, menuToken } = found;
    if (matches.length === 0 || menuToken === undefined || !settings.inlineSuggestion) return;
    if (signal.aborted || watch.reason(anchor) !== null) return;
    closeMenu();
    const frame = new InlineMenuFrame(anchor, matches.length, `${menuUrl()}#${menuToken}`);
    watch.watch(frame.element);
    menu = { frame, target, anchor };
  }

  function closeMenu(): void {
    menu?.frame.close();
    menu = null;
  }

  /**
   * Fills `target` with the code of `accountId` once the field has been
   * seen long enough; the code is asked for only then, and visibility is
   * checked again right before it goes in.
   */
  async function fillAccount(target: OtpTarget, accountId: string): Promise<boolean> {
    const boxes = boxesOf(target);
    if (!(await watch.seenLongEnough(boxes, signal))) return false;
    const { code, autoSubmit } = await port.send({ type: "content.codeFor", accountId });
    if (boxes.some((box) => watch.reason(box) !== null)) return false;
    filling = true;
    let filled = false;
    try {
      filled = holdsExactly(target, code) || fillOtpTarget(target, code);
    } finally {
      filling = false;
    }
    if (filled) closeMenu();
    if (filled && autoSubmit) submitAfterFill(target);
    return filled;
  }

  /** The popup's Fill button, the keyboard command, the context menu, and picks in the inline menu. */
  async function runCommand(command: TabCommand): Promise<TabCommandResult> {
    if (command.type === "menu.close") {
      const anchor = menu?.anchor;
      closeMenu();
      anchor?.focus();
      return { filled: false };
    }
    if (command.type === "fill.account" && command.picked) {
      const open = menu;
      // The pick counts only if the menu's frame was visible here, as painted, long enough to be seen.
      if (open === null || !watch.seenNow(open.frame.element)) return { filled: false };
      return { filled: await fillAccount(open.target, command.accountId) };
    }
    const target = focusedTarget() ?? findTargets(doc, path()).find((candidate) => visibleNow(candidate));
    if (!target || !win.isSecureContext) return { filled: false };
    if (command.type === "fill.account") return { filled: await fillAccount(target, command.accountId) };
    return { filled: await chosen(target, anchorOf(target)) };
  }

  function focusedTarget(): OtpTarget | null {
    const active = deepActiveElement(doc);
    if (!(active instanceof HTMLInputElement)) return null;
    const target = targetFor(active, path());
    return target && visibleNow(target) ? target : null;
  }

  function visibleNow(target: OtpTarget): boolean {
    return boxesOf(target).every((box) => watch.reason(box) === null);
  }
}

/**
 * Whether a focus event is the default action of a trusted Tab press: the
 * key's dispatch has finished (a page's own key handler calling `focus()`
 * runs during it), nothing cancelled it, and focus left the element that had
 * it when the key went down.
 */
function movedByTab(pressed: { event: KeyboardEvent; from: Element | null }, focus: FocusEvent): boolean {
  const { event, from } = pressed;
  if (event.eventPhase !== Event.NONE || event.defaultPrevented) return false;
  const related = focus.relatedTarget instanceof Element ? focus.relatedTarget : null;
  const left = from === null || from === from.ownerDocument.body ? null : from;
  return related === left || (related !== null && left !== null && (related.contains(left) || left.contains(related)));
}

function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function boxesOf(target: OtpTarget): HTMLInputElement[] {
  return target.kind === "single" ? [target.input] : target.inputs;
}

function anchorOf(target: OtpTarget): HTMLInputElement {
  return target.kind === "single" ? target.input : (target.inputs[0] as HTMLInputElement);
}

/** The field already holds a whole code (the person typed it, or a fill put it there). */
function holdsCode(target: OtpTarget): boolean {
  return target.kind === "single" ? target.input.value.length >= 4 : target.inputs.every((box) => box.value !== "");
}

function holdsExactly(target: OtpTarget, code: string): boolean {
  return (
    boxesOf(target)
      .map((box) => box.value)
      .join("") === code
  );
}
