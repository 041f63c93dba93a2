import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { chooseHostClient } from "../src/background/choose-host-client";
import { ClipboardClearer } from "../src/background/clipboard-clearer";
import { clearIfEquals } from "../src/background/clipboard-text";
import { ContentScriptRegistry } from "../src/background/content-script-registry";
import { registerFillTriggers } from "../src/background/fill-triggers";
import { injectOpenTabs } from "../src/background/inject-open-tabs";
import { routeMessage } from "../src/background/message-router";
import { clipboardClearIn } from "../src/background/offscreen-clipboard";
import {
  DEFAULT_EXTENSION_PAGE_CSP,
  type PageFetchEvent,
  popupPageHandler,
  popupPageRoutes,
  type WorkerInstallEvent,
} from "../src/background/popup-page-server";
import { sendTabCommand } from "../src/background/send-tab-command";
import { TwofoldBackground } from "../src/background/twofold-background";
import { warmHostOnNavigation } from "../src/background/warm-host-on-navigation";
import { loadSettings } from "../src/settings/settings-storage";

export default defineBackground(() => {
  const host = chooseHostClient();
  const offscreen = (globalThis as { chrome?: { offscreen?: Parameters<typeof clipboardClearIn>[0]["offscreen"] } })
    .chrome?.offscreen;
  const clipboard = new ClipboardClearer(
    clipboardClearIn({
      offscreen,
      documentUrl: browser.runtime.getURL("/offscreen.html"),
      send: (message) => browser.runtime.sendMessage(message),
      inPage: typeof document === "undefined" ? undefined : (code) => clearIfEquals(document, code),
    }),
  );
  // Safari keeps the content script declared on every page (wxt.config.ts); elsewhere it is registered per site.
  const registry =
    import.meta.env.SAFARI || !browser.scripting?.registerContentScripts
      ? undefined
      : new ContentScriptRegistry({
          scripting: browser.scripting,
          injectOpen: (patterns) => injectOpenTabs(browser, patterns),
        });
  const background = new TwofoldBackground({
    host,
    tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    activeTab: async (windowId) => {
      const [tab] = await browser.tabs.query(
        windowId === "focused" ? { active: true, lastFocusedWindow: true } : { active: true, windowId },
      );
      return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url };
    },
    sendToTab: (tabId, command, frameId) => sendTabCommand(browser, tabId, command, frameId),
    settings: () => loadSettings(browser.storage.sync),
    captureTab: async (tabId) => {
      const tab = await browser.tabs.get(tabId);
      const url = await browser.tabs.captureVisibleTab(tab.windowId, { format: "png" });
      return url.slice(url.indexOf(",") + 1);
    },
    clearClipboardLater: (code, seconds) => clipboard.schedule(code, seconds),
    frames: async (tabId) =>
      browser.webNavigation ? ((await browser.webNavigation.getAllFrames({ tabId })) ?? []) : null,
    registry,
  });
  const self = {
    id: browser.runtime.id,
    origin: browser.runtime.getURL("/"),
    menuUrl: browser.runtime.getURL("/inline-menu.html"),
  };
  browser.runtime.onMessage.addListener((message, sender) => routeMessage(message, sender, background, self));
  // A service worker (Chromium) sees its extension's own page loads: the popup's page comes
  // with its codes drawn. Added while the worker's script first runs, as workers require.
  // Firefox's and Safari's backgrounds are pages: their builds leave all of this out.
  if (!import.meta.env.FIREFOX && !import.meta.env.SAFARI && "ServiceWorkerGlobalScope" in globalThis) {
    const popupUrl = browser.runtime.getURL("/popup.html");
    const manifest = browser.runtime.getManifest() as { content_security_policy?: { extension_pages?: string } };
    const popupPage = popupPageHandler({
      popupUrl,
      csp: manifest.content_security_policy?.extension_pages ?? DEFAULT_EXTENSION_PAGE_CSP,
      readySnapshot: (tab) => background.readySnapshot(tab),
      now: Date.now,
      fetch: (url) => fetch(url),
    });
    // The DOM's types do not know a worker's fetch and install events.
    globalThis.addEventListener("fetch", (event) => popupPage(event as unknown as PageFetchEvent));
    globalThis.addEventListener("install", (event) => {
      // Where routes cannot be added, every load passes the listener, which leaves all but the popup alone.
      const routes = popupPageRoutes(new URL(popupUrl).pathname);
      (event as unknown as WorkerInstallEvent).addRoutes?.(routes).catch(() => undefined);
    });
  }
  registerFillTriggers(browser, background);
  warmHostOnNavigation(browser, background);
  void background.syncRegistration();
  // Accounts added with the CLI change the store behind the browser's back. The
  // person comes back to the browser from the terminal: read the accounts again
  // then, so the site they bound fills on the page they open next.
  browser.windows?.onFocusChanged.addListener((windowId) => {
    if (windowId !== browser.windows.WINDOW_ID_NONE) void background.syncRegistration();
  });
});
