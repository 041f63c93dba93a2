/**
 * The inline menu's sizes, shared by the content script (which sizes the
 * frame before the menu page knows its accounts) and the menu page.
 * inline-menu.css draws the same numbers.
 */
export const MENU_WIDTH_PX = 260;
export const MENU_ROW_PX = 36;
/** Title (28 px), list padding (2 × 4 px) and border (2 × 1 px). */
export const MENU_CHROME_PX = 38;
/** More accounts than this scroll inside the menu. */
export const MENU_MAX_ROWS = 5;

/** The frame's height for `rows` accounts. */
export function menuHeight(rows: number): number {
  return MENU_CHROME_PX + Math.min(Math.max(rows, 1), MENU_MAX_ROWS) * MENU_ROW_PX;
}
