import QRCode from "qrcode";
import { expect, test } from "./support/extension-test";
import { servePage } from "./support/page-server";
import { PopupPage } from "./support/popup-page";

const SETUP = "otpauth://totp/Scanned%20Co:me@example.com?secret=MFRGGZDFMZTWQ2LK&issuer=Scanned%20Co";

declare const chrome: { tabs: { query(query: object): Promise<{ id?: number }[]> } };

let server: Awaited<ReturnType<typeof servePage>>;
let pageUrl: string;

test.beforeAll(async () => {
  const qr = await QRCode.toDataURL(SETUP, { width: 300, margin: 4 });
  const html = `<!doctype html><title>Set up two-factor</title><h1>Scan this code with your authenticator</h1><img alt="QR code" src="${qr}">`;
  server = await servePage(html);
  pageUrl = server.url;
});
test.afterAll(() => server.close());

test("the popup scans a 2FA setup QR code shown in the tab and adds the account through the host", async ({
  world,
  context,
  extensionId,
  serviceWorker,
}) => {
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.bringToFront();
  const ids = await serviceWorker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.id ?? -1));
  const popup = await PopupPage.open(context, extensionId, Math.max(...ids));
  await expect(popup.page.getByRole("button", { name: "Scan a QR code on this page" })).toBeAttached();
  // The toolbar popup floats over the page; opened as a tab here, it must stay behind the page it
  // scans, where Playwright cannot click it like a person: send the click event directly instead.
  await page.bringToFront();
  await popup.page.getByRole("button", { name: "Scan a QR code on this page" }).dispatchEvent("click");
  await expect(popup.page.getByRole("status")).toContainText("Added Scanned Co");
  await expect(popup.row("Scanned Co")).toBeVisible();
  expect(world.cli(["list"])).toContain("Scanned Co");
});
