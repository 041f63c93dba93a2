import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { TestKeyring } from "../support/test-keyring";
import { expect, test } from "./support/extension-test";
import { PopupPage } from "./support/popup-page";

const ACME = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
const inSession = process.env.TWOFOLD_IN_KEYRING_SESSION === "1";

test.describe("with the host on a real GNOME Keyring", () => {
  test.skip(
    !inSession && process.env.TWOFOLD_REQUIRE_KEYRING !== "1",
    "needs scripts/with-keyring.sh (npm test provides it)",
  );
  test.use({ storeKind: "secret-service" });

  let keyring: TestKeyring;
  let collection: string;
  let previousDefault: string;

  test.beforeEach(async () => {
    expect(inSession, "TWOFOLD_REQUIRE_KEYRING=1 but not inside a keyring session").toBe(true);
    keyring = await TestKeyring.connect();
    previousDefault = await keyring.defaultCollection();
    collection = await keyring.createCollection();
    await keyring.setAlias("default", collection);
  });
  test.afterEach(async () => {
    await keyring.unlock(collection);
    await keyring.setAlias("default", previousDefault);
    await keyring.deleteCollection(collection);
    keyring.close();
  });

  test("the popup shows codes from secrets kept in the keyring", async ({ world, context, extensionId }) => {
    world.cli(["add", ACME]);
    const popup = await PopupPage.open(context, extensionId);
    const params = parseOtpUri(ACME).params;
    await expect
      .poll(async () =>
        [generateCode(params).code, generateCode(params, Date.now() - 1500).code].includes(await popup.codeOf("ACME")),
      )
      .toBe(true);
  });

  test("a locked keyring shows the locked state and how to unlock it", async ({ world, context, extensionId }) => {
    world.cli(["add", ACME]);
    await keyring.lock(collection);
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "locked");
    await expect(popup.page.getByTestId("error-message")).toContainText("Your login keyring is locked. Unlock it");
    await keyring.unlock(collection);
    await popup.page.getByRole("button", { name: "Retry" }).click();
    await expect(popup.row("ACME")).toBeVisible();
  });
});
