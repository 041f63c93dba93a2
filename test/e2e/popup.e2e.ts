import AxeBuilder from "@axe-core/playwright";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { distinctSecret } from "./support/distinct-secret";
import { expect, type TwofoldWorld, test } from "./support/extension-test";
import { killHosts } from "./support/host-processes";
import { PopupPage } from "./support/popup-page";

const GITHUB = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB = "otpauth://totp/GitLab:octocat@example.com?secret=KRSXG5CTMVRXEZLU&issuer=GitLab";
const GOOGLE = "otpauth://totp/Google:ada@gmail.com?secret=MFRGGZDFMZTWQ2LK&issuer=Google";
const HOTP = "otpauth://hotp/Bank:ada?secret=GEZDGNBVGY3TQOJQ&counter=0&issuer=Bank";

/** The service worker's own API, as seen inside `serviceWorker.evaluate`. */
declare const chrome: {
  storage: { sync: { set(items: object): Promise<void> } };
  offscreen: { closeDocument(): Promise<void> };
};

const codeAt = (uri: string, at: number) => generateCode(parseOtpUri(uri).params, at);

/** Adds "Service 1" … "Service `count`", each with its own secret, beside the three every test has. */
function addServices(world: TwofoldWorld, count: number): void {
  const uris = Array.from(
    { length: count },
    (_, index) =>
      `otpauth://totp/Service%20${index + 1}:me?secret=${distinctSecret(index)}&issuer=Service%20${index + 1}`,
  );
  world.cli(["import", "-"], uris.join("\n"));
}

test.describe("the popup", () => {
  test.beforeEach(({ world }) => {
    for (const uri of [GITHUB, GITLAB, GOOGLE]) world.cli(["add", uri]);
  });

  test("searches as you type over issuer, account and domain", async ({ context, extensionId }) => {
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.rows).toHaveCount(3);
    await popup.search.fill("git");
    expect(await popup.issuers()).toEqual(["GitHub", "GitLab"]);
    await popup.search.fill("ada@");
    expect(await popup.issuers()).toEqual(["Google"]);
    await popup.search.fill("google.com");
    expect(await popup.issuers()).toEqual(["Google"]);
    await popup.search.fill("nothing like it");
    await expect(popup.page.getByText("No account matches")).toBeVisible();
    await popup.search.press("Escape");
    await expect(popup.rows).toHaveCount(3);
  });

  test("pins survive closing the popup and restarting the host", async ({ world, context, extensionId }) => {
    let popup = await PopupPage.open(context, extensionId);
    await expect.poll(() => popup.issuers()).toEqual(["GitHub", "GitLab", "Google"]);
    await popup
      .row("Google")
      .getByRole("button", { name: /^Pin Google/ })
      .click();
    await expect(popup.page.getByRole("heading", { name: "Pinned" })).toBeVisible();
    expect(await popup.issuers()).toEqual(["Google", "GitHub", "GitLab"]);
    await popup.page.close();
    expect(killHosts(world.storeSpec)).toBeGreaterThan(0);
    popup = await PopupPage.open(context, extensionId);
    // The host restarts on the next request (after a short backoff) and reads the pin from the store.
    await expect.poll(() => popup.issuers(), { timeout: 15_000 }).toEqual(["Google", "GitHub", "GitLab"]);
    expect(world.cli(["list", "--json"])).toContain('"pinned": true');
  });

  test("copies a code on click and clears it from the clipboard after the chosen time", async ({
    context,
    extensionId,
    serviceWorker,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await serviceWorker.evaluate(() => chrome.storage.sync.set({ settings: { clipboardClearSeconds: 2 } }));
    const popup = await PopupPage.open(context, extensionId);
    await popup.row("GitLab").click();
    await expect(popup.page.getByRole("status")).toContainText("Copied GitLab code, clears in 2 s");
    const copied = await popup.page.evaluate(() => navigator.clipboard.readText());
    expect([codeAt(GITLAB, Date.now()).code, codeAt(GITLAB, Date.now() - 2000).code]).toContain(copied);
    await expect.poll(() => popup.page.evaluate(() => navigator.clipboard.readText()), { timeout: 8_000 }).toBe("");
  });

  test("leaves the clipboard alone if the user copied something else meanwhile", async ({
    context,
    extensionId,
    serviceWorker,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await serviceWorker.evaluate(() => chrome.storage.sync.set({ settings: { clipboardClearSeconds: 1 } }));
    // The clear looks at the clipboard in an offscreen document and closes it after: count the closings,
    // so the test waits for the clear to have run rather than for a guess at when it will.
    await serviceWorker.evaluate(() => {
      const offscreen = chrome.offscreen;
      const close = offscreen.closeDocument.bind(offscreen);
      const seen = globalThis as unknown as { clipboardChecks: number };
      seen.clipboardChecks = 0;
      offscreen.closeDocument = () =>
        close().finally(() => {
          seen.clipboardChecks += 1;
        });
    });
    const checks = () =>
      serviceWorker.evaluate(() => (globalThis as unknown as { clipboardChecks: number }).clipboardChecks);
    const popup = await PopupPage.open(context, extensionId);
    let checksBefore = 0;
    for (let attempt = 0; ; attempt++) {
      checksBefore = await checks();
      await popup.row("GitLab").click();
      await popup.page.evaluate(() => navigator.clipboard.writeText("my own text"));
      // Only meaningful if our text went in before the clear looked; on a slow machine copy again.
      if ((await checks()) === checksBefore) break;
      expect(attempt, "the clear kept running before the test could copy its own text").toBeLessThan(5);
    }
    await expect.poll(checks).toBe(checksBefore + 1);
    expect(await popup.page.evaluate(() => navigator.clipboard.readText())).toBe("my own text");
  });

  test("shows the next code when fewer than five seconds remain", async ({ context, extensionId }) => {
    // Freeze the popup's clock 3 s before the current window ends (waiting out a window about to end).
    const windowEnd = () => Math.ceil(Date.now() / 30_000) * 30_000;
    if (windowEnd() - Date.now() < 8000)
      await new Promise((resolve) => setTimeout(resolve, windowEnd() - Date.now() + 200));
    const end = windowEnd();
    const page = await context.newPage();
    await page.clock.setFixedTime(end - 3000);
    await page.setViewportSize({ width: 380, height: 560 });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const row = page.locator("[data-account-id]").filter({ hasText: "GitHub" });
    await expect(row.getByTestId("next-code")).toHaveText(
      `next ${codeAt(GITHUB, end).code.replace(/^(\d{3})/, "$1 ")}`,
    );
    await expect(row.getByTestId("countdown")).toHaveAttribute("data-seconds", "3");
    await expect(
      page.locator("[data-account-id]").filter({ hasText: "GitLab" }).getByTestId("next-code"),
    ).toBeVisible();
  });

  test("works from the keyboard: / searches, arrows move, Enter copies, p pins", async ({
    world,
    context,
    extensionId,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.search).toBeFocused();
    await expect(popup.rows).toHaveCount(3);
    await popup.search.fill("g");
    await popup.page.keyboard.press("ArrowDown");
    await expect(popup.row("GitLab")).toHaveAttribute("aria-current", "true");
    await popup.page.keyboard.press("Enter");
    await expect(popup.page.getByRole("status")).toContainText("Copied GitLab code");
    await popup.page.locator(".accounts").focus();
    await popup.page.keyboard.press("p");
    await expect(popup.page.getByRole("heading", { name: "Pinned" })).toBeVisible();
    await popup.page.keyboard.press("/");
    await expect(popup.search).toBeFocused();
    expect(
      JSON.parse(world.cli(["list", "--json"])).find((a: { issuer: string }) => a.issuer === "GitLab").pinned,
    ).toBe(true);
  });

  test("a row shows its Copy button when pointed at or reached from the keyboard, and the button copies", async ({
    context,
    extensionId,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const popup = await PopupPage.open(context, extensionId);
    await expect.poll(() => popup.issuers()).toEqual(["GitHub", "GitLab", "Google"]);
    // Three accounts fit: no count.
    await expect(popup.accountCount).toBeHidden();
    const copy = (row: string, name: string) =>
      popup.row(row).getByRole("button", { name: `Copy ${name} code`, exact: true });
    const github = copy("GitHub", "GitHub, octocat");
    const gitlab = copy("GitLab", "GitLab, octocat@example.com");
    const google = copy("Google", "Google, ada@gmail.com");
    // The selected row (the first, at the start) shows its buttons; the others only when pointed at.
    await expect(github).toBeVisible();
    await expect(gitlab).toBeHidden();
    await popup.row("GitLab").hover();
    await expect(gitlab).toBeVisible();
    await expect(github).toBeHidden();
    await gitlab.click();
    await expect(popup.page.getByRole("status")).toContainText("Copied GitLab code");
    const copied = await popup.page.evaluate(() => navigator.clipboard.readText());
    expect([codeAt(GITLAB, Date.now()).code, codeAt(GITLAB, Date.now() - 2000).code]).toContain(copied);

    // From the keyboard: the arrow moves focus to the next row, whose buttons Tab then reaches.
    await popup.page.mouse.move(0, 0);
    await popup.page.keyboard.press("ArrowDown");
    await expect(popup.row("Google").locator(".row-main")).toBeFocused();
    await expect(google).toBeVisible();
    await expect(gitlab).toBeHidden();
    await popup.page.keyboard.press("Tab");
    await expect(google).toBeFocused();
    await popup.page.keyboard.press("Enter");
    await expect(popup.page.getByRole("status")).toContainText("Copied Google code");
  });

  test.describe("with 30 accounts, more than fit", () => {
    let popup: PopupPage;
    test.beforeEach(async ({ world, context, extensionId }) => {
      addServices(world, 27);
      popup = await PopupPage.open(context, extensionId);
      await expect(popup.accountCount).toHaveText("30 accounts");
    });

    test("counts the accounts, and how many a search finds", async () => {
      // Service 2 and 20 to 27.
      await popup.search.fill("service 2");
      await expect(popup.rows).toHaveCount(9);
      await expect(popup.accountCount).toHaveText("9 of 30 accounts");
      await popup.search.fill("nothing like it");
      await expect(popup.accountCount).toHaveText("0 of 30 accounts");
    });

    test("keeps the row the arrow keys move to in view, down past the first screen and back", async () => {
      const selected = popup.page.locator('[data-account-id][aria-current="true"]');
      for (let step = 0; step < 25; step++) await popup.page.keyboard.press("ArrowDown");
      await expect(selected).toHaveCount(1);
      await expect(selected).toBeInViewport({ ratio: 1 });
      for (let step = 0; step < 25; step++) await popup.page.keyboard.press("ArrowUp");
      await expect(selected).toBeInViewport({ ratio: 1 });
      await expect(popup.rows.first()).toHaveAttribute("aria-current", "true");
    });
  });

  // The account goes (from the CLI, or another browser) after the popup listed it: the host refuses the write.
  for (const [action, name, act] of [
    [
      "a pin",
      "Google",
      (popup: PopupPage) =>
        popup
          .row("Google")
          .getByRole("button", { name: /^Pin Google/ })
          .click(),
    ],
    ["an HOTP counter's advance after a copy", "Bank", (popup: PopupPage) => popup.row("Bank").click()],
  ] as const) {
    test(`says why ${action} failed`, async ({ world, context, extensionId }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      world.cli(["add", HOTP]);
      const popup = await PopupPage.open(context, extensionId);
      await expect(popup.rows).toHaveCount(4);
      world.cli(["remove", name]);
      await act(popup);
      const toast = popup.page.getByRole("status");
      await expect(toast).toContainText("it may have been removed meanwhile");
      await expect(toast).toHaveClass(/toast-failed/);
    });
  }

  test("passes axe in light and dark themes", async ({ context, extensionId }) => {
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.row("GitHub")).toBeVisible();
    for (const colorScheme of ["light", "dark"] as const) {
      await popup.page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page: popup.page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
      expect(
        results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(" ")}`),
      ).toEqual([]);
    }
  });
});

test.describe("the popup's states", () => {
  test("no accounts yet points to import", async ({ context, extensionId }) => {
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "empty");
    await expect(popup.page.getByRole("button", { name: "Import or add accounts" })).toBeVisible();
    // Nothing to search: the search box does not take the keyboard from the way forward.
    await expect(popup.search).not.toBeFocused();
  });

  test("a damaged vault says so and what to do", async ({ world, context, extensionId }) => {
    world.cli(["add", GITHUB]);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(world.storeSpec.slice("file:".length), "garbage");
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "error");
    await expect(popup.page.getByTestId("error-message")).toContainText("restore it from a backup");
    await expect(popup.search).not.toBeFocused();
  });

  test("the host crashing while the popup is open ends in a clear state, then recovers on Retry", async ({
    world,
    context,
    extensionId,
  }) => {
    world.cli(["add", GITHUB]);
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.row("GitHub")).toBeVisible();
    killHosts(world.storeSpec);
    await popup.page.reload();
    await expect(popup.row("GitHub")).toBeVisible({ timeout: 15_000 });
  });
});

test.describe("with a passphrase vault the browser cannot open", () => {
  test("the popup says the accounts are locked and how to fix it", async ({ world, context, extensionId }) => {
    world.cli(["add", GITHUB], undefined);
    const { rmSync } = await import("node:fs");
    rmSync(`${world.storeSpec.slice("file:".length)}.key`);
    // A host the browser started already (its background lists the accounts at start) keeps the key it
    // read; the one the popup starts next finds it gone. Without this the test raced the background.
    killHosts(world.storeSpec);
    const popup = await PopupPage.open(context, extensionId);
    await expect(popup.panel).toHaveAttribute("data-state", "locked");
    await expect(popup.page.getByRole("heading", { name: "Your accounts are locked" })).toBeVisible();
    await expect(popup.page.getByTestId("error-message")).toContainText("key file");
  });
});
