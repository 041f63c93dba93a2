import { join } from "node:path";
import { distinctSecret } from "./support/distinct-secret";
import { expect, test } from "./support/extension-test";
import { SCREENSHOTS } from "./support/paths";
import { PopupPage } from "./support/popup-page";

/** Accounts that look like a real person's: a mix of issuers, one pinned, one 8-digit. */
const ACCOUNTS = [
  ["GitHub", "octocat", "JBSWY3DPEHPK3PXP", "--pin"],
  ["Google", "ada.lovelace@gmail.com", "MFRGGZDFMZTWQ2LK"],
  ["Amazon Web Services", "ada@analytical.engines", "KRSXG5CTMVRXEZLU"],
  ["Cloudflare", "ada@analytical.engines", "GEZDGNBVGY3TQOJQ"],
  ["Discord", "adalovelace#1815", "NBSWY3DPO5XXE3DE"],
  ["Dropbox", "ada@analytical.engines", "ORSXG5BAMJQXGZJT"],
  ["Fastmail", "ada@fastmail.com", "MZXW6YTBOI2TKNZR"],
  ["Proton", "ada@proton.me", "GM3TQOJQGEZDGNBV"],
] as const;

const shot = (name: string) => join(SCREENSHOTS, name);

test.describe("screenshots for the README", () => {
  test("popup, light and dark", async ({ world, context, extensionId }) => {
    for (const [issuer, label, secret, pin] of ACCOUNTS) {
      world.cli([
        "add",
        `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`,
        ...(pin ? [pin] : []),
      ]);
    }
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.rows).toHaveCount(ACCOUNTS.length);
    await popup.page.emulateMedia({ colorScheme: "light" });
    await popup.page.screenshot({ path: shot("popup-light.png") });
    await popup.page.emulateMedia({ colorScheme: "dark" });
    await popup.page.screenshot({ path: shot("popup-dark.png") });
  });

  test("popup with no accounts", async ({ context, extensionId }) => {
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "empty");
    await popup.page.screenshot({ path: shot("popup-empty.png") });
  });

  test.describe("host missing", () => {
    test.use({ installHost: false });
    test("popup when the host is not installed", async ({ context, extensionId }) => {
      const popup = await PopupPage.open(context, extensionId);
      await expect(popup.panel).toHaveAttribute("data-state", "host-missing");
      await popup.page.screenshot({ path: shot("popup-host-missing.png") });
    });
  });

  test("popup with 1,000 accounts stays smooth", async ({ world, context, extensionId }) => {
    const lines = Array.from(
      { length: 1000 },
      (_, index) =>
        `otpauth://totp/Service%20${index}:user${index}%40example.com?secret=${distinctSecret(index)}&issuer=Service%20${index}`,
    );
    world.cli(["import", "-"], lines.join("\n"));
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.row("Service 0")).toBeVisible();
    await expect(popup.accountCount).toHaveText("1,000 accounts");
    // Only the rows in view are in the DOM.
    expect(await popup.rows.count()).toBeLessThan(40);
    await popup.page.screenshot({ path: shot("popup-1000-accounts.png") });
    // Scrolling to the end renders the last accounts, and they stay while the countdown ticks.
    await popup.page.locator(".accounts").evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect(popup.row("Service 999")).toBeVisible();
    const countdown = popup.row("Service 999").getByTestId("countdown");
    const seconds = await countdown.getAttribute("data-seconds");
    await expect(countdown).not.toHaveAttribute("data-seconds", seconds ?? "");
    await expect(popup.row("Service 999")).toBeVisible();
    await popup.search.fill("service 99");
    await expect(popup.rows).toHaveCount(11);
    await expect(popup.accountCount).toHaveText("11 of 1,000 accounts");
  });

  test("options page", async ({ world, context, extensionId }) => {
    for (const [issuer, label, secret] of ACCOUNTS.slice(0, 3)) {
      world.cli([
        "add",
        `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`,
      ]);
    }
    const options = await context.newPage();
    await options.setViewportSize({ width: 900, height: 1300 });
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.locator("li.account")).toHaveCount(3);
    await options.screenshot({ path: shot("options.png"), fullPage: true });
  });
});
