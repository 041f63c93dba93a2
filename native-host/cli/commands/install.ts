import { resolve } from "node:path";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../../src/identity";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { browserStoreProblem } from "../../install/browser-store";
import { BROWSER_IDS, type BrowserInfo, findBrowser } from "../../install/browsers";
import { checkExtensionId } from "../../install/host-manifest";
import { hostProgram } from "../../install/host-program";
import { installHost, uninstallHost } from "../../install/install-host";
import { formatStoreSpec } from "../../stores/store-spec";
import { flag, stringOption, usageError } from "../args";
import { closestWord } from "../closest-word";
import type { Command, ParsedArgs } from "../command";

const targetOptions = {
  browser: { type: "string" },
  "user-data-dir": { type: "string" },
  system: { type: "boolean" },
} as const;

/** The browser `--browser` names, or a usage error with the one probably meant. */
export function chooseBrowser(args: ParsedArgs, usage: string): BrowserInfo {
  const id = stringOption(args, "browser");
  if (id === undefined) throw usageError(`--browser is required (one of ${BROWSER_IDS.join(", ")})`, usage);
  const browser = findBrowser(id);
  if (browser === undefined) {
    const guess = closestWord(id, BROWSER_IDS);
    throw usageError(
      `unknown browser "${id}"${guess ? `; did you mean ${guess}?` : ""} (one of ${BROWSER_IDS.join(", ")})`,
      usage,
    );
  }
  return browser;
}

function userDataDir(args: ParsedArgs, browser: BrowserInfo, usage: string): string | undefined {
  const dir = stringOption(args, "user-data-dir");
  if (dir !== undefined && browser.family !== "chromium") {
    throw usageError(
      "--user-data-dir is for Chromium-family browsers; Firefox reads hosts only from fixed folders",
      usage,
    );
  }
  return dir === undefined ? undefined : resolve(dir);
}

const BROWSER_DETAIL = ["--browser B", `the browser: ${BROWSER_IDS.join(", ")}`] as const;
const DIR_DETAIL = ["--user-data-dir DIR", "one Chromium profile folder instead of the browser's own"] as const;
const SYSTEM_DETAIL = ["--system", "the folders every user's browser reads (needs sudo)"] as const;

export const install: Command = {
  name: "install",
  usage: "twofold install --browser B [--user-data-dir DIR] [--extension-id ID] [--system]",
  summary: "register the native host with a browser",
  details: [
    "Writes the browser's native messaging manifest and a launcher that starts this Twofold with the store chosen now (--store or TWOFOLD_STORE). A vault locked with TWOFOLD_PASSPHRASE is refused: a browser cannot supply the passphrase.",
    BROWSER_DETAIL,
    DIR_DETAIL,
    ["--extension-id ID", "the id of your build of the extension, if not the development one"],
    SYSTEM_DETAIL,
  ],
  options: { ...targetOptions, "extension-id": { type: "string" } },
  async run(args, context) {
    const browser = chooseBrowser(args, this.usage);
    const extensionId =
      stringOption(args, "extension-id") ?? (browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID);
    checkExtensionId(browser.family, extensionId);
    const storeSpec = formatStoreSpec(context.storeSpec());
    const problem = await browserStoreProblem(context.storeSpec(), context.environment);
    if (problem !== null) {
      throw new TwofoldError(
        "BAD_REQUEST",
        `Not installed for ${browser.name}: the store is ${storeSpec}, and ${problem.message}. Instead, ${problem.fix}.`,
      );
    }
    const written = await installHost(
      {
        browser,
        userDataDir: userDataDir(args, browser, this.usage),
        system: flag(args, "system"),
        extensionId,
        storeSpec,
        ...hostProgram(context.hostScript),
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
  usage: "twofold uninstall --browser B [--user-data-dir DIR] [--system]",
  summary: "unregister the native host from a browser (removes what install wrote)",
  details: [BROWSER_DETAIL, DIR_DETAIL, SYSTEM_DETAIL],
  options: targetOptions,
  async run(args, context) {
    const browser = chooseBrowser(args, this.usage);
    const { removed, updated, kept } = await uninstallHost(
      { browser, userDataDir: userDataDir(args, browser, this.usage), system: flag(args, "system") },
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
