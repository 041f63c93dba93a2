import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../identity";

/** What the popup knows about the browser it runs in. */
export interface BrowserFacts {
  userAgent: string;
  brands: readonly string[];
  isBrave: boolean;
  isFirefox: boolean;
  extensionId: string;
}

/** The browser id `twofold install --browser` takes for this browser. */
export function detectBrowser(facts: BrowserFacts): string {
  if (facts.isFirefox) return "firefox";
  if (facts.isBrave) return "brave";
  if (facts.brands.some((brand) => /edge/i.test(brand)) || /\bEdg\//.test(facts.userAgent)) return "edge";
  if (facts.brands.some((brand) => /vivaldi/i.test(brand)) || /Vivaldi/.test(facts.userAgent)) return "vivaldi";
  if (facts.brands.some((brand) => /opera/i.test(brand)) || /\bOPR\//.test(facts.userAgent)) return "opera";
  if (facts.brands.includes("Google Chrome")) return "chrome";
  return "chromium";
}

/** The exact command that installs the host for this browser and this extension. */
export function installCommand(facts: BrowserFacts): string {
  const browser = detectBrowser(facts);
  const defaultId = facts.isFirefox ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID;
  const id = facts.extensionId === defaultId ? "" : ` --extension-id ${facts.extensionId}`;
  return `twofold install --browser ${browser}${id}`;
}
