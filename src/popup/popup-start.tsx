import { render } from "preact";
import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { pageClient } from "../messaging/page-client";
import type { Snapshot } from "../messaging/page-messages";
import { browserFacts } from "../ui/browser-facts";
import { installCommand } from "../ui/install-command";
import { PopupApp } from "./popup-app";
import type { PopupServices } from "./use-popup-actions";
import "../ui/theme.css";
import "./popup.css";

/**
 * Draws the popup into `root`, starting from the snapshot already on its way.
 * Each snapshot names the tab it describes; fills and scans go to that tab.
 *
 * A page the background drew ahead (popup-page.tsx) keeps its markup, as
 * painted and inert, until that snapshot is here; the app's first render
 * then has its codes, and is drawn over the markup by Preact's own `render`,
 * which compares each element and attribute with what is there: nothing on
 * screen flashes, and whatever changed since the page was drawn is put
 * right. (React's `createRoot` would clear the markup first; `hydrateRoot`
 * would keep attributes as drawn, such as a row's label with its code.)
 */
export async function startPopup(root: HTMLElement, firstSnapshot: Promise<Snapshot>): Promise<void> {
  const drawn = root.hasChildNodes();
  let tabId: number | undefined;
  let first: Promise<Snapshot> | null = firstSnapshot;
  const track = (snapshot: Promise<Snapshot>) =>
    snapshot.then((value) => {
      tabId = value.tabId ?? undefined;
      return value;
    });
  const inTab = <T,>(work: (tabId: number) => Promise<T>): Promise<T> =>
    tabId === undefined
      ? Promise.reject(new Error("Twofold found no tab to act on. Close the popup and open it over a page."))
      : work(tabId);
  const [initial, facts] = await Promise.all([
    // A failed snapshot is reported by the app's first load, which takes the same promise.
    drawn ? firstSnapshot.catch(() => undefined) : undefined,
    browserFacts(),
  ]);
  const services: PopupServices = {
    clock: Date.now,
    initial,
    installCommand: installCommand(facts),
    // The app's first load takes the snapshot the entry asked for; later loads ask again, for the same tab.
    snapshot: (refresh) => {
      const taken = refresh ? null : first;
      first = null;
      return track(
        taken ??
          pageClient.send("page.snapshot", tabId === undefined ? { activeTab: true, refresh } : { tabId, refresh }),
      );
    },
    setPinned: async (id, pinned) => {
      await pageClient.host("accounts.setPinned", { id, pinned });
    },
    fill: (accountId, remember) =>
      inTab(async (id) => (await pageClient.send("page.fillTab", { tabId: id, accountId, remember })).filled),
    copy: (text) => navigator.clipboard.writeText(text),
    copied: async (code, clearAfterSeconds) => {
      await pageClient.send("page.copied", { code, clearAfterSeconds });
    },
    advanceHotp: async (id) => {
      await pageClient.host("hotp.advance", { id });
    },
    retry: async () => {
      await pageClient.send("page.retry", {});
    },
    scanTab: () => inTab(async (id) => (await pageClient.send("page.scanTab", { tabId: id })).report),
    openOptions: () => browser.runtime.openOptionsPage(),
  };
  const app = <PopupApp services={services} />;
  if (drawn) {
    // In the same task as the render, so no press lands in between; before it, so the
    // render can give the search field the keyboard.
    root.removeAttribute("inert");
    render(app, root);
  } else createRoot(root).render(app);
}
