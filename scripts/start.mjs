// `npm start`: build, create a demo vault with a sample account in .data/demo
// (git-ignored), install the host into a throwaway Chromium profile, and open
// Chromium with the extension on a local demo sign-in page. Without a display
// it says so, fills the demo page headless and saves screenshots instead.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { chromium } from "@playwright/test";
import { HEADLESS_FLAGS, QUIET_FLAGS } from "./chromium-flags.mjs";

const root = resolve(import.meta.dirname, "..");
const demo = join(root, ".data", "demo");
const vault = join(demo, "vault.json");
const profile = join(demo, "profile");
const extension = join(root, ".output", "chrome-mv3");
const chromiumPath = process.env.TWOFOLD_CHROMIUM ?? "/usr/bin/chromium";
const store = `file:${vault}`;

const sh = (args, options = {}) => {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    stdio: options.quiet ? "pipe" : "inherit",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stderr ?? "");
    throw new Error(`${args.join(" ")} failed`);
  }
  return result.stdout;
};
const twofold = (...args) => sh([join(root, "dist", "twofold.cjs"), "--store", store, ...args], { quiet: true });

if (!existsSync(chromiumPath)) {
  console.error(
    `npm start needs Chromium at ${chromiumPath}. Install it (Debian: apt-get install chromium) or set TWOFOLD_CHROMIUM.`,
  );
  process.exit(1);
}

sh(["scripts/build.mjs"]);
mkdirSync(demo, { recursive: true });
if (!existsSync(vault)) {
  twofold(
    "add",
    "otpauth://totp/Twofold%20Demo:you@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Twofold%20Demo",
    "--domain",
    "localhost",
    "--pin",
  );
  twofold("add", "otpauth://totp/GitHub:octocat?secret=KRSXG5CTMVRXEZLU&issuer=GitHub");
  twofold("add", "otpauth://totp/Google:ada@gmail.com?secret=MFRGGZDFMZTWQ2LK&issuer=Google");
  console.log(`Created a demo vault with three sample accounts: ${vault}`);
}
twofold("install", "--browser", "chromium", "--user-data-dir", profile);

const page = await readFile(join(root, "scripts", "demo", "login.html"));
const server = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(page));
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const url = `http://localhost:${server.address().port}/`;

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === "linux";
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless,
  args: [
    ...(headless ? HEADLESS_FLAGS : process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    ...QUIET_FLAGS,
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
  ],
  viewport: headless ? { width: 1000, height: 700 } : null,
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
const extensionId = new URL(worker.url()).host;
const tab = context.pages()[0] ?? (await context.newPage());
await tab.goto(url);

if (headless) {
  console.log("\nThis machine has no display, so Chromium runs headless. Showing what you would see:");
  await tab.click("#otp");
  await tab.waitForFunction(() => document.querySelector("#otp")?.value.length === 6, null, { timeout: 10_000 });
  await tab.screenshot({ path: join(demo, "demo-page.png") });
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.locator(".code").first().waitFor();
  await popup.screenshot({ path: join(demo, "popup.png") });
  console.log(`  the demo page, filled by Twofold: ${join(demo, "demo-page.png")}`);
  console.log(`  the popup with live codes:        ${join(demo, "popup.png")}`);
  await context.close();
  server.close();
} else {
  console.log(`\nChromium is open on ${url} with Twofold. Click the code field, or open the Twofold popup.`);
  console.log("Close the browser window (or press Ctrl+C) to stop.");
  context.on("close", () => server.close());
}
