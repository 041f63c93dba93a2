import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import { pageClient } from "../../src/messaging/page-client";
import { PopupApp } from "../../src/popup/popup-app";
import type { PopupServices } from "../../src/popup/use-popup-actions";
import { browserFacts } from "../../src/ui/browser-facts";
import { installCommand } from "../../src/ui/install-command";
import "../../src/ui/theme.css";
import "../../src/popup/popup.css";

async function start() {
  // `?tab=ID` targets a tab when the popup is opened in its own window.
  const fromQuery = Number(new URLSearchParams(location.search).get("tab"));
  const [active] =
    Number.isInteger(fromQuery) && fromQuery > 0 ? [] : await browser.tabs.query({ active: true, currentWindow: true });
  const tabId = Number.isInteger(fromQuery) && fromQuery > 0 ? fromQuery : active?.id;
  const services: PopupServices = {
    tabId,
    clock: Date.now,
    installCommand: installCommand(await browserFacts()),
    snapshot: (refresh) => pageClient.send("page.snapshot", { tabId, refresh }),
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
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<PopupApp services={services} />);
}

start().catch((error: unknown) => {
  document.body.textContent = `Twofold could not start: ${error instanceof Error ? error.message : String(error)}`;
});
