import { browser } from "wxt/browser";
import type { BrowserFacts } from "./install-command";

/** Reads what identifies this browser, for the install hint. */
export async function browserFacts(): Promise<BrowserFacts> {
  const nav = navigator as Navigator & {
    userAgentData?: { brands?: { brand: string }[] };
    brave?: { isBrave?: () => Promise<boolean> };
  };
  return {
    userAgent: navigator.userAgent,
    brands: nav.userAgentData?.brands?.map((entry) => entry.brand) ?? [],
    isBrave: (await nav.brave?.isBrave?.().catch(() => false)) ?? false,
    isFirefox: import.meta.env.FIREFOX === true,
    extensionId: browser.runtime.id,
  };
}
