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

/** What the popup's entry asked for before the rest of the popup was loaded. */
export interface EarlyRequests {
  tabId: number | undefined;
  snapshot: Promise<Snapshot>;
}

/** Draws the popup into `root`, starting from the snapshot already on its way. */
export async function startPopup(root: HTMLElement, early: EarlyRequests): Promise<void> {
  const { tabId } = early;
  let firstSnapshot: Promise<Snapshot> | null = early.snapshot;
  const services: PopupServices = {
    tabId,
    clock: Date.now,
    installCommand: installCommand(await browserFacts()),
    // The app's first load takes the snapshot the entry asked for; later loads ask again.
    snapshot: (refresh) => {
      const first = refresh ? null : firstSnapshot;
      firstSnapshot = null;
      return first ?? pageClient.send("page.snapshot", { tabId, refresh });
    },
    setPinned: async (id, pinned) => {
      await pageClient.host("accounts.setPinned", { id, pinned });
    },
    fill: async (accountId, remember) =>
      tabId !== undefined && (await pageClient.send("page.fillTab", { tabId, accountId, remember })).filled,
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
    scanTab: tabId === undefined ? undefined : async () => (await pageClient.send("page.scanTab", { tabId })).report,
    openOptions: () => browser.runtime.openOptionsPage(),
  };
  createRoot(root).render(<PopupApp services={services} />);
}
