import { fileURLToPath } from "node:url";
import type { Alias, InlineConfig } from "vite";
import { defineConfig } from "wxt";
import { PREACT_ALIASES } from "./scripts/preact-aliases.mjs";
import { EXTENSION_PUBLIC_KEY, FIREFOX_ADDON_ID } from "./src/identity";

/** The content script: an unlisted script, registered by the background per site (see entrypoints/autofill.ts). */
const CONTENT_SCRIPT = "autofill";
/** The builds that draw React components: two pages, and the background, which draws the popup's page ahead of it (src/popup/popup-page.tsx). */
const REACT_BUILDS = ["popup", "options", "background"];

const local = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Puts `aliases` ahead of whatever aliases `config` already has. */
function prependAliases(config: InlineConfig, aliases: Alias[]): void {
  config.resolve ??= {};
  const existing = config.resolve.alias;
  config.resolve.alias = [
    ...aliases,
    ...(Array.isArray(existing)
      ? existing
      : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }))),
  ];
}

// See docs/architecture.md, "Names and builds". `imports: false` keeps every
// dependency of code that touches codes traceable by reading the imports.
export default defineConfig({
  imports: false,
  modules: ["@wxt-dev/module-react", "@wxt-dev/webextension-polyfill"],
  hooks: {
    "vite:build:extendConfig": (entrypoints, config) => {
      const names = entrypoints.map((entrypoint) => entrypoint.name);
      // Only the background keeps the ~10 KB polyfill (its listeners answer with
      // promises); the content script (25 KB budget) and the pages (the popup's
      // first paint) get the browser's own promise-based API.
      if (!names.includes("background"))
        prependAliases(config, [{ find: /^webextension-polyfill$/, replacement: local("./src/native-browser.ts") }]);
      if (names.some((name) => REACT_BUILDS.includes(name))) prependAliases(config, PREACT_ALIASES);
    },
  },
  // What differs per browser (docs/architecture.md, "Native messaging", "Safari"):
  // - Chromium family: `key` fixes the development id that the host manifest's
  //   allowed_origins names; the MV3 service worker has no DOM, so clearing the
  //   clipboard needs an offscreen document.
  // - Firefox: an add-on id instead of `key` (Firefox ignores `key`, and its host
  //   manifest names add-on ids); no `offscreen` — Firefox has no such API (the
  //   linter rejects the permission) and its background page has a DOM.
  //   `data_collection_permissions` is required of new add-ons since
  //   2025-11-03 and Firefox reads it from 140 (the current ESR), hence that
  //   minimum (https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
  //   Twofold sends nothing anywhere: codes come from a host on the same machine.
  // - Safari: neither `key` nor `offscreen`; the containing app's handler
  //   answers sendNativeMessage, so no host manifest names the extension.
  manifest: ({ browser }) => {
    const chromium = browser !== "firefox" && browser !== "safari";
    return {
      name: "Twofold",
      commands: {
        "fill-code": {
          suggested_key: { default: "Alt+Shift+2" },
          description: "Fill the two-factor code into the focused field",
        },
      },
      description: "Fills two-factor codes from your keychain into login forms.",
      // Host access lets the background register the content script on the
      // sites that have an account (a registration needs host permission for
      // its patterns), read the tab's address for the popup's "For this site",
      // and inject the script for fills from the popup, shortcut and menu.
      host_permissions: ["<all_urls>"],
      // Chromium and Firefox: no content script here. The background registers
      // it (scripting.registerContentScripts) only where an account can fill,
      // so other pages never run Twofold's code (src/background/content-script-registry.ts).
      // Safari keeps it on every page: registration is not verified there.
      ...(browser === "safari"
        ? {
            content_scripts: [
              { matches: ["<all_urls>"], js: [`${CONTENT_SCRIPT}.js`], all_frames: true, run_at: "document_idle" },
            ],
          }
        : {}),
      // The inline menu: Twofold's own page, framed under a code field, so the page
      // cannot read or restyle the account names (see src/content/inline-menu-frame.ts).
      // (No use_dynamic_url: the background recognises the menu by its static address.)
      web_accessible_resources: [{ resources: ["inline-menu.html"], matches: ["<all_urls>"] }],
      permissions: [
        "nativeMessaging",
        // The frame tree: a frame gets codes only if every frame around it is on the same site.
        "webNavigation",
        "storage",
        "activeTab",
        "contextMenus",
        "clipboardWrite",
        "clipboardRead",
        // Registers the content script per site, injects it on demand, and (Chromium) delivers
        // popup/keyboard/menu fills with scripting.executeScript (see send-tab-command.ts).
        ...(browser === "safari" ? [] : ["scripting"]),
        ...(chromium ? ["offscreen"] : []),
      ],
      // Not in the Chrome Web Store's zip (scripts/package.mjs sets TWOFOLD_STORE_ZIP):
      // the store refuses a manifest with `key` and gives the extension its own id.
      ...(chromium && process.env.TWOFOLD_STORE_ZIP !== "1" ? { key: EXTENSION_PUBLIC_KEY } : {}),
      ...(browser === "firefox"
        ? {
            browser_specific_settings: {
              gecko: {
                id: FIREFOX_ADDON_ID,
                strict_min_version: "140.0",
                data_collection_permissions: { required: ["none" as const] },
              },
              // Firefox for Android reads the key from 142. It has no native
              // messaging, so Twofold is of no use there; this only keeps the
              // manifest honest about the key.
              gecko_android: { strict_min_version: "142.0" },
            },
          }
        : {}),
    };
  },
});
