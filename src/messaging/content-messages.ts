/**
 * Messages between content scripts and the background. Types only: the
 * content script must stay small, so it carries no schema library; the
 * background validates everything it receives (see `background-messages.ts`).
 */

/** What a frame may learn about an account that matches it. */
export interface FrameMatch {
  accountId: string;
  issuer: string;
  label: string;
  code: string;
  /** Unix ms; null for HOTP. */
  validUntil: number | null;
}

export interface FillSettings {
  fillOnFocus: boolean;
  inlineSuggestion: boolean;
  autoSubmit: boolean;
}

/** Content → background. */
export type ContentRequest =
  /** The user focused a code field: which accounts match this frame? */
  | { type: "content.lookup" }
  /** The code of one account, after the user picked it or the popup asked to fill it. */
  | { type: "content.codeFor"; accountId: string };

export type ContentResponse<T extends ContentRequest["type"]> = T extends "content.lookup"
  ? { matches: FrameMatch[]; settings: FillSettings }
  : T extends "content.codeFor"
    ? { code: string }
    : never;

/** Background → content. */
export type TabCommand =
  /** The popup's Fill button, or the context menu with an account chosen. */
  | { type: "fill.account"; accountId: string }
  /** The keyboard command or context menu: fill the focused (or only) code field. */
  | { type: "fill.focused" };

export interface TabCommandResult {
  filled: boolean;
}

/** Replies from the background are `{ok, …}` so errors arrive as data (STYLE.md 3). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
