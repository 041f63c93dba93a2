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

test.describe("opened again, the popup's page comes from the background with the codes drawn", () => {
  const params = parseOtpUri(ACME).params;
  const current = (shown: string) =>
    [generateCode(params, Date.now()).code, generateCode(params, Date.now() - 1500).code].includes(shown);

  test.beforeEach(async ({ world, context, extensionId }) => {
    world.cli(["add", ACME]);
    // The first open puts the accounts in the background's memory.
    const first = await PopupPage.open(context, extensionId);
    await expect(first.row("ACME")).toBeVisible();
    await first.page.close();
  });

  test("the codes are on the page before any of its script runs", async ({ context, extensionId }) => {
    const page = await context.newPage();
    const devtools = await context.newCDPSession(page);
    await devtools.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const drawn = await devtools.send("Runtime.evaluate", {
      expression: `[...document.querySelectorAll("[data-account-id]")].map((row) => row.textContent)`,
      returnByValue: true,
    });
    const rows = drawn.result.value as string[];
    expect(rows).toHaveLength(1);
    const shown = rows[0]?.match(/(\d{3}) (\d{3})/);
    expect(shown && current(`${shown[1]}${shown[2]}`)).toBe(true);
  });

  test("its script takes over the rows as drawn, and the page keeps the extension's script policy", async ({
    context,
    extensionId,
  }) => {
    await context.addInitScript(() => {
      // What was on the page when its script first asked the background for anything.
      const runtime = (
        globalThis as unknown as { chrome?: { runtime?: { sendMessage: (...args: unknown[]) => unknown } } }
      ).chrome?.runtime;
      const send = runtime?.sendMessage.bind(runtime);
      if (runtime && send)
        runtime.sendMessage = (...args) => {
          const row = document.querySelector("[data-account-id]");
          Object.assign(window, { __firstRow: row, __inertThen: row?.closest("#root[inert]") !== null });
          runtime.sendMessage = send;
          return send(...args);
        };
    });
    const popup = await PopupPage.open(context, extensionId);
    // The script has taken the page over once search has the keyboard.
    await expect(popup.search).toBeFocused();
    const facts = await popup.page.evaluate(() => {
      const own = window as unknown as { __firstRow?: Element | null; __inertThen?: boolean; __inline?: boolean };
      const inline = document.createElement("script");
      inline.textContent = "window.__inline = true";
      document.head.append(inline);
      return {
        drawnBeforeScript: own.__firstRow instanceof Element,
        inertUntilTakenOver: own.__inertThen === true && document.querySelector("#root[inert]") === null,
        sameRow: own.__firstRow === document.querySelector("[data-account-id]"),
        inlineRan: own.__inline === true,
      };
    });
    expect(facts).toEqual({ drawnBeforeScript: true, inertUntilTakenOver: true, sameRow: true, inlineRan: false });
    // And the drawn row now answers: it copies its code.
    await popup.row("ACME").locator(".row-main").click();
    await expect(popup.page.getByRole("status")).toContainText("Copied ACME code");
    await expect.poll(async () => current(await popup.codeOf("ACME"))).toBe(true);
  });
  test("only the popup page's own load goes through the background's worker", async ({ context, extensionId }) => {
    // How the worker's static routes sent each request of a page, as DevTools reports it.
    const routed = async (path: string) => {
      const page = await context.newPage();
      const devtools = await context.newCDPSession(page);
      const sources: Record<string, string> = {};
      devtools.on("Network.responseReceived", ({ response }) => {
        const name = new URL(response.url).pathname.replace(/-[\w-]{8}\./, ".");
        sources[name] = response.serviceWorkerRouterInfo?.matchedSourceType ?? "no route";
      });
      await devtools.send("Network.enable");
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      await expect(page.locator("#root > *").first()).toBeAttached();
      await page.close();
      return sources;
    };
    const popup = await routed("popup.html");
    expect(popup["/popup.html"]).toBe("fetch-event");
    expect(Object.entries(popup).filter(([name, source]) => name !== "/popup.html" && source !== "network")).toEqual(
      [],
    );
    expect(Object.values(await routed("options.html"))).toEqual(expect.arrayContaining(["network"]));
    expect(Object.values(await routed("options.html")).filter((source) => source !== "network")).toEqual([]);
  });
});
