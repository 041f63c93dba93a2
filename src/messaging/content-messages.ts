/**
 * Messages between content scripts and the background. Types only: the
 * content script must stay small, so it carries no schema library; the
 * background validates everything it receives (content-request-schema.ts).
 */

/**
 * What a frame may learn about an account that matches it before anyone
 * picks: its id. Names and codes stay out of the page's renderer — the
 * inline menu, an extension frame, shows the names; a code is sent only
 * for a fill the person chose.
 */
export interface FrameMatch {
  accountId: string;
}

export interface FillSettings {
  fillOnFocus: boolean;
  inlineSuggestion: boolean;
  autoSubmit: boolean;
}

/** Content → background. */
export type ContentRequest =
  /**
   * The pointer reached a code field: get this frame's lookup and code ready
   * (host started, its store open, settings read) before the person clicks.
   * Answers nothing.
   */
  | { type: "content.prepare" }
  /** The user focused a code field: which accounts match this frame? */
  | { type: "content.lookup" }
  /** The code of one account, after the user picked it or the popup asked to fill it. */
  | { type: "content.codeFor"; accountId: string };

export type ContentResponse<T extends ContentRequest["type"]> = T extends "content.lookup"
  ? {
      matches: FrameMatch[];
      settings: FillSettings;
      /** When something matches: the token the inline menu page carries, so the background knows its frame. */
      menuToken?: string;
    }
  : T extends "content.codeFor"
    ? { code: string; autoSubmit: boolean }
    : T extends "content.prepare"
      ? null
      : never;

/** Background → content. */
export type TabCommand =
  /**
   * The popup's Fill button; with `picked`, a pick in the inline menu this
   * frame opened, which fills the field the menu belongs to.
   */
  | { type: "fill.account"; accountId: string; picked?: boolean }
  /** The keyboard command or context menu: fill the focused (or only) code field. */
  | { type: "fill.focused" }
  /** The inline menu asked to be closed (Escape). */
  | { type: "menu.close" };

/** Inline menu page (an extension frame inside the web page) → background. */
export type MenuRequest =
  /** The accounts to show: those matching the frame that opened the menu (named by its token). */
  | { type: "menu.accounts"; token: string }
  /** The person picked an account in the menu. */
  | { type: "menu.pick"; token: string; accountId: string }
  | { type: "menu.close"; token: string };

/** An account as the inline menu shows it. */
export interface MenuAccount {
  accountId: string;
  issuer: string;
  label: string;
}

export type MenuResponse<T extends MenuRequest["type"]> = T extends "menu.accounts"
  ? { accounts: MenuAccount[] }
  : T extends "menu.pick"
    ? { filled: boolean }
    : null;

export interface TabCommandResult {
  filled: boolean;
}

/** Replies from the background are `{ok, …}` so errors arrive as data (docs/conventions.md). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
