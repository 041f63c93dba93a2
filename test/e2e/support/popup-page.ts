import type { BrowserContext, Locator, Page } from "@playwright/test";

/** The popup, opened as a page (Playwright cannot click the toolbar button). */
export class PopupPage {
  private constructor(readonly page: Page) {}

  /** Opens the popup; `tabId` makes it act on that tab, as the toolbar popup acts on the active tab. */
  static async open(context: BrowserContext, extensionId: string, tabId?: number): Promise<PopupPage> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 560 });
    await page.goto(`chrome-extension://${extensionId}/popup.html${tabId === undefined ? "" : `?tab=${tabId}`}`);
    // A page the background drew stays inert until the popup's script has taken it over.
    await page.locator("#root:not([inert])").waitFor({ state: "attached" });
    return new PopupPage(page);
  }

  row(name: string | RegExp): Locator {
    return this.page.locator("[data-account-id]").filter({ hasText: name });
  }

  /** The code shown for an account, without the grouping space. */
  async codeOf(name: string | RegExp): Promise<string> {
    const text = await this.row(name).getByTestId("code").textContent();
    return (text ?? "").replace(/\s/g, "");
  }

  get search(): Locator {
    return this.page.getByRole("searchbox", { name: "Search accounts" });
  }

  get panel(): Locator {
    return this.page.locator("section.panel");
  }

  /** The number of accounts above a list too long to see at once. */
  get accountCount(): Locator {
    return this.page.getByTestId("account-count");
  }

  get rows(): Locator {
    return this.page.locator("[data-account-id]");
  }

  async issuers(): Promise<string[]> {
    return this.page.locator(".row-issuer").allTextContents();
  }
}
