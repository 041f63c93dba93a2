import { fileURLToPath } from "node:url";
import { defineConfig } from "wxt";
import { EXTENSION_PUBLIC_KEY, FIREFOX_ADDON_ID } from "./src/identity";

// See DESIGN.md "Contracts". `imports: false` keeps every dependency of code
// that touches codes traceable by reading the imports (STYLE.md 7).
export default defineConfig({
  imports: false,
  modules: ["@wxt-dev/module-react", "@wxt-dev/webextension-polyfill"],
  hooks: {
    // The content script runs on every page and has a 25 KB budget: it gets
    // the browser's own promise-based API instead of the ~10 KB polyfill.
    "vite:build:extendConfig": (entrypoints, config) => {
      if (!entrypoints.some((entrypoint) => entrypoint.type === "content-script")) return;
      const nativeBrowser = fileURLToPath(new URL("./src/content/native-browser.ts", import.meta.url));
      config.resolve ??= {};
      config.resolve.alias = [
        { find: /^webextension-polyfill$/, replacement: nativeBrowser },
        ...(Array.isArray(config.resolve.alias)
          ? config.resolve.alias
          : Object.entries(config.resolve.alias ?? {}).map(([find, replacement]) => ({
              find,
              replacement: String(replacement),
            }))),
      ];
    },
  },
  manifest: ({ browser }) => ({
    name: "Twofold",
    commands: {
      "fill-code": {
        suggested_key: { default: "Alt+Shift+2" },
        description: "Fill the two-factor code into the focused field",
      },
    },
    description: "Fills two-factor codes from your keychain into login forms.",
    permissions: [
      "nativeMessaging",
      "storage",
      "activeTab",
      "contextMenus",
      "clipboardWrite",
      "clipboardRead",
      "offscreen",
    ],
    ...(browser === "firefox"
      ? { browser_specific_settings: { gecko: { id: FIREFOX_ADDON_ID, strict_min_version: "115.0" } } }
      : { key: EXTENSION_PUBLIC_KEY }),
  }),
});
