import type { FillSettings, FrameMatch, TabCommand, TabCommandResult } from "../messaging/content-messages";
import { findTargets, type OtpTarget, targetFor } from "./detect-otp-fields";
import type { CommandHandler, ContentPort } from "./extension-port";
import { fillOtpTarget, submitAfterFill } from "./fill-otp-field";
import { InlineSuggestion } from "./inline-suggestion";
import { isVisibleToPerson } from "./is-visible";

/** A focus within this long after a trusted pointer or key press is the user's own. */
const GESTURE_MS = 1000;
/** A code this close to expiry is fetched again rather than filled. */
const FRESH_MS = 1500;

export interface AutofillOptions {
  doc: Document;
  win: Window;
  port: ContentPort;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Fills one-time codes when the user focuses or clicks a code field. Listens
 * at the document, so fields that a single-page app adds later, or that sit
 * in open shadow roots, are handled when the user reaches them, at no cost
 * while nothing happens. Fills only on the user's own gesture; a field that
 * the page focused by itself gets the inline suggestion instead. Returns the
 * handler for the background's commands (popup Fill, keyboard, menu).
 */
export function startOtpAutofill({
  doc,
  win,
  port,
  signal,
  now = () => performance.now(),
}: AutofillOptions): CommandHandler {
  let lastGesture = Number.NEGATIVE_INFINITY;
  let handled: { input: HTMLInputElement; at: number } | null = null;
  let suggestion: InlineSuggestion | null = null;
  const path = () => win.location.pathname;

  const gesture = (event: Event) => {
    if (event.isTrusted) lastGesture = now();
  };
  doc.addEventListener("pointerdown", gesture, { capture: true, passive: true, signal });
  doc.addEventListener("keydown", gesture, { capture: true, passive: true, signal });

  const onFocusOrClick = (event: Event) => {
    const input = event.composedPath()[0];
    if (!(input instanceof HTMLInputElement) || !event.isTrusted) return;
    const target = targetFor(input, path());
    if (target === null) return;
    const userChose = event.type === "click" || now() - lastGesture < GESTURE_MS;
    // A click right after the focus it caused is the same intent.
    if (handled?.input === input && now() - handled.at < 500) return;
    handled = { input, at: now() };
    offer(target, input, userChose).catch(() => undefined);
  };
  doc.addEventListener("focusin", onFocusOrClick, { capture: true, signal });
  doc.addEventListener("click", onFocusOrClick, { capture: true, signal });
  signal.addEventListener("abort", () => suggestion?.close());
  // A field the page focused before this script ran (autofocus) gets the list,
  // not a fill: no gesture of the person's was seen. Pages without one pay nothing.
  // `input:focus` rather than activeElement: a query that finds nothing creates no
  // element wrapper in the isolated world, which costs every page ~1 ms.
  const early = doc.querySelector("input:focus") ? focusedTarget() : null;
  if (early) {
    const anchor = early.kind === "single" ? early.input : early.inputs[0];
    if (anchor) offer(early, anchor, false).catch(() => undefined);
  }
  return runCommand;

  /** Looks up the accounts for this frame and fills, or offers a choice. */
  async function offer(target: OtpTarget, anchor: HTMLInputElement, userChose: boolean): Promise<void> {
    if (!win.isSecureContext || !visible(target)) return;
    const { matches, settings } = await port.send({ type: "content.lookup" });
    if (matches.length === 0 || signal.aborted) return;
    const only = matches[0];
    if (matches.length === 1 && only && userChose && settings.fillOnFocus) {
      await fill(target, only, settings);
      return;
    }
    if (!settings.inlineSuggestion) return;
    suggestion?.close();
    suggestion = new InlineSuggestion(anchor, matches, (match) => {
      fill(target, match, settings).catch(() => undefined);
    });
  }

  async function fill(target: OtpTarget, match: FrameMatch, settings: FillSettings): Promise<boolean> {
    let code = match.code;
    if (match.validUntil !== null && match.validUntil - Date.now() < FRESH_MS) {
      code = (await port.send({ type: "content.codeFor", accountId: match.accountId })).code;
    }
    // Visibility is checked again: the page had time to change since the click.
    if (!visible(target) || !fillOtpTarget(target, code)) return false;
    suggestion?.close();
    if (settings.autoSubmit) submitAfterFill(target);
    return true;
  }

  /** The popup's Fill button, the keyboard command and the context menu. */
  async function runCommand(command: TabCommand): Promise<TabCommandResult> {
    const target = focusedTarget() ?? findTargets(doc, path()).find(visible);
    if (!target || !win.isSecureContext) return { filled: false };
    if (command.type === "fill.account") {
      const { code } = await port.send({ type: "content.codeFor", accountId: command.accountId });
      const { settings } = await port.send({ type: "content.lookup" });
      const filled = visible(target) && fillOtpTarget(target, code);
      if (filled && settings.autoSubmit) submitAfterFill(target);
      return { filled };
    }
    const anchor = target.kind === "single" ? target.input : target.inputs[0];
    if (!anchor) return { filled: false };
    await offer(target, anchor, true);
    return {
      filled: target.kind === "single" ? target.input.value !== "" : target.inputs.every((box) => box.value !== ""),
    };
  }

  function focusedTarget(): OtpTarget | null {
    let active: Element | null = doc.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!(active instanceof HTMLInputElement)) return null;
    const target = targetFor(active, path());
    return target && visible(target) ? target : null;
  }

  function visible(target: OtpTarget): boolean {
    return target.kind === "single"
      ? isVisibleToPerson(target.input, win)
      : target.inputs.every((box) => isVisibleToPerson(box, win));
  }
}
