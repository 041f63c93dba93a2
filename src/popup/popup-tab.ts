/**
 * The tab a popup page names with `?tab=ID` (the popup opened in a window of
 * its own), if any; otherwise the popup is about the active tab. Read by the
 * page's script and by the background that draws the page
 * (src/background/popup-page-server.ts).
 */
export function popupTabParam(search: string): number | undefined {
  const tab = Number(new URLSearchParams(search).get("tab"));
  return Number.isInteger(tab) && tab > 0 ? tab : undefined;
}
