import { resolve } from "node:path";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../../src/identity";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { BROWSER_IDS, type BrowserInfo, findBrowser } from "../../install/browsers";
import { checkExtensionId } from "../../install/host-manifest";
import { installHost, uninstallHost } from "../../install/install-host";
import { formatStoreSpec } from "../../stores/store-spec";
import { flag, stringOption, usageError } from "../args";
import type { Command, ParsedArgs } from "../command";

const targetOptions = {
  browser: { type: "string" },
  "user-data-dir": { type: "string" },
  system: { type: "boolean" },
} as const;

function chooseBrowser(args: ParsedArgs, usage: string): BrowserInfo {
  const id = stringOption(args, "browser");
  if (id === undefined) throw usageError(`--browser is required (${BROWSER_IDS.join(", ")})`, usage);
  const browser = findBrowser(id);
  if (browser === undefined) throw usageError(`unknown browser "${id}" (one of ${BROWSER_IDS.join(", ")})`, usage);
  return browser;
}

function userDataDir(args: ParsedArgs, browser: BrowserInfo): string | undefined {
  const dir = stringOption(args, "user-data-dir");
  if (dir !== undefined && browser.family !== "chromium") {
    throw new TwofoldError(
      "BAD_REQUEST",
      "--user-data-dir is for Chromium-family browsers; Firefox reads hosts only from fixed folders.",
    );
  }
  return dir === undefined ? undefined : resolve(dir);
}

export const install: Command = {
  name: "install",
  usage: `twofold install --browser ${BROWSER_IDS.join("|")} [--user-data-dir DIR] [--extension-id ID] [--system]`,
  summary: "register the native host with a browser",
  options: { ...targetOptions, "extension-id": { type: "string" } },
  async run(args, context) {
    const browser = chooseBrowser(args, this.usage);
    const extensionId =
      stringOption(args, "extension-id") ?? (browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID);
    checkExtensionId(browser.family, extensionId);
    const storeSpec = formatStoreSpec(context.storeSpec());
    const written = await installHost(
      {
        browser,
        userDataDir: userDataDir(args, browser),
        system: flag(args, "system"),
        extensionId,
        storeSpec,
        nodePath: process.execPath,
        hostScript: context.hostScript,
      },
      context.environment,
    );
    for (const path of written) context.out(`wrote ${path}`);
    context.out(
      `Installed the Twofold host for ${browser.name} (extension ${extensionId}, store ${storeSpec}). Restart ${browser.name} if it is open.`,
    );
  },
};

export const uninstall: Command = {
  name: "uninstall",
  usage: `twofold uninstall --browser ${BROWSER_IDS.join("|")} [--user-data-dir DIR] [--system]`,
  summary: "remove what install wrote",
  options: targetOptions,
  async run(args, context) {
    const browser = chooseBrowser(args, this.usage);
    const { removed, updated, kept } = await uninstallHost(
      { browser, userDataDir: userDataDir(args, browser), system: flag(args, "system") },
      context.environment,
    );
    for (const path of removed) context.out(`removed ${path}`);
    for (const { path, reason } of updated) context.out(`updated ${path}: ${reason}`);
    for (const { path, reason } of kept) context.out(`kept ${path}: ${reason}`);
    context.out(
      removed.length > 0 || updated.length > 0
        ? `Uninstalled the Twofold host from ${browser.name}.`
        : `The Twofold host was not installed for ${browser.name}.`,
    );
  },
};
