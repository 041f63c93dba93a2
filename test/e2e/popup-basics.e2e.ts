import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { expect, test } from "./support/extension-test";
import { PopupPage } from "./support/popup-page";

const ACME = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

test("the popup shows the code the host computes from the vault's secret", async ({ world, context, extensionId }) => {
  world.cli(["add", ACME]);
  const popup = await PopupPage.open(context, extensionId);
  const params = parseOtpUri(ACME).params;
  await expect(popup.row("ACME")).toBeVisible();
  // The code on screen is otpauth's code for now (allowing for a rollover while we look).
  await expect
    .poll(async () => {
      const shown = await popup.codeOf("ACME");
      const now = Date.now();
      return [generateCode(params, now).code, generateCode(params, now - 1500).code].includes(shown);
    })
    .toBe(true);
  await expect(popup.row("ACME").getByTestId("countdown")).toHaveAttribute("data-seconds", /^([1-9]|[12]\d|30)$/);
});

test.describe("without the host installed", () => {
  test.use({ installHost: false });

  test("the popup says how to install it", async ({ context, extensionId }) => {
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "host-missing");
    await expect(popup.page.getByTestId("install-command")).toHaveText("twofold install --browser chromium");
  });
});
