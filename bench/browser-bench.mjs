import { createServer } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { HEADLESS_FLAGS, QUIET_FLAGS } from "../scripts/chromium-flags.mjs";
import { median } from "./host-client.mjs";
import { emptyExtension, registered, traced } from "./page-cost.mjs";

const ARGS = [...HEADLESS_FLAGS, ...QUIET_FLAGS];

const LOGIN = `<!doctype html><title>2FA</title><h1>Two-factor authentication</h1>
<label for=otp>Authentication code</label><input id=otp autocomplete=one-time-code inputmode=numeric maxlength=6>
<button id=elsewhere>Verify</button>
<script>
  window.__clicks = []; window.__fills = [];
  addEventListener("pointerdown", () => __clicks.push(performance.now()), true);
  otp.addEventListener("input", () => { if (otp.value.length === 6) __fills.push(performance.now()); });
</script>`;

/** A large page without any code field: 5,000 elements of ordinary content and form fields. */
const LARGE = `<!doctype html><title>Large</title>${Array.from(
  { length: 1250 },
  (_, i) =>
    `<div class=item><h3>Item ${i}</h3><p>Some text for item ${i}</p><input name=qty${i} placeholder="Quantity"></div>`,
).join("")}`;

/**
 * Browser rows of the benchmark: content-script idle cost (with its floor,
 * an empty content script on the same page in paired rounds), autofill
 * latency, popup open.
 */
export async function measureBrowser({ root, work, twofold }) {
  const spec = `file:${join(work, "browser.json")}`;
  twofold(spec, "add", "otpauth://totp/Local:me?secret=JBSWY3DPEHPK3PXP&issuer=Local", "--domain", "localhost");
  for (let i = 0; i < 20; i++)
    twofold(
      spec,
      "add",
      `otpauth://totp/Service${i}:me?secret=JBSWY3DPEHPK3P${"ABCDEFGHIJKLMNOPQRST"[i]}A&issuer=Service${i}`,
    );
  const profile = join(work, "profile");
  twofold(spec, "install", "--browser", "chromium", "--user-data-dir", profile);
  const server = createServer((request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end(request.url?.startsWith("/large") ? LARGE : LOGIN),
  );
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://localhost:${server.address().port}`;
  const extension = join(root, ".output", "chrome-mv3");
  const launch = (dir, extensionDir) =>
    chromium.launchPersistentContext(dir, {
      executablePath: process.env.TWOFOLD_CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: [...ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    });
  const context = await launch(profile, extension);
  const floor = await launch(join(work, "idle-floor-profile"), emptyExtension(join(work, "idle-floor-extension")));
  try {
    // The content script runs only where an account is bound, once the background has registered it.
    const worker = await registered(context);
    const extensionId = new URL(worker.url()).host;
    const loadBefore = loadavg()[0];
    const idle = await idleCost({ twofold: context, floor }, `${base}/large`);
    return {
      idle: { ...idle, loadBefore, loadAfter: loadavg()[0] },
      fillMs: await fillLatency(context, `${base}/login`),
      popupMs: await popupOpen(context, extensionId),
    };
  } finally {
    await context.close();
    await floor.close();
    server.close();
  }
}

/**
 * Main-thread time of the content script on a page with no code field, from
 * a Chromium trace, with the pointer coming to rest on one of the page's
 * ordinary fields and the page scrolled. Each round loads the page once in
 * each browser — Twofold's, and the floor's with an empty content script —
 * so the machine's load hits both alike. Returns both series of
 * {@link scriptCost}.
 */
async function idleCost(contexts, url) {
  const twofold = [];
  const floor = [];
  for (let i = 0; i < 15; i++) {
    twofold.push(await scriptCost(contexts.twofold, url, "/autofill.js"));
    floor.push(await scriptCost(contexts.floor, url, "/empty.js"));
  }
  return { twofold, floor };
}

/**
 * One traced load of `url`: main-thread time of the extension script whose
 * address ends in `file`, in ms — its evaluation (compile and first run),
 * its listeners, and the sum.
 */
async function scriptCost(context, url, file) {
  const { page, events } = await traced(context, async (page) => {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(500);
    await page.mouse.move(100, 100);
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(200);
  });
  // EvaluateScript is the script's whole run (compile and v8.run are nested inside it);
  // FunctionCall would be its event listeners, which nothing here triggers but the pointer.
  const ours = (event) => JSON.stringify(event.args ?? {}).includes(file);
  const measured = events.filter(
    (event) => event.ph === "X" && ours(event) && ["EvaluateScript", "FunctionCall"].includes(event.name),
  );
  // A trace without the script's own evaluation measured nothing: fail rather than report 0 ms.
  if (!measured.some((event) => event.name === "EvaluateScript"))
    throw new Error(`the trace shows no evaluation of ${file}`);
  await page.close();
  const ms = (name) =>
    measured.filter((event) => event.name === name).reduce((sum, event) => sum + (event.dur ?? 0), 0) / 1000;
  const evaluate = ms("EvaluateScript");
  const listeners = ms("FunctionCall");
  return { evaluate, listeners, total: evaluate + listeners };
}

/** From the user's trusted click (pointerdown) to the field holding the code. */
async function fillLatency(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  const times = [];
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => {
      document.querySelector("#otp").value = "";
    });
    await page.click("#elsewhere");
    await page.waitForTimeout(600);
    await page.click("#otp");
    await page.waitForFunction((n) => window.__fills.length > n, i, { timeout: 5000 });
    const delta = await page.evaluate(
      () => window.__fills.at(-1) - window.__clicks.filter((t) => t <= window.__fills.at(-1)).at(-1),
    );
    if (i > 1) times.push(delta);
  }
  await page.close();
  return median(times);
}

/** From navigation start of popup.html to the first code on screen. */
async function popupOpen(context, extensionId) {
  const times = [];
  for (let i = 0; i < 12; i++) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if ([...document.querySelectorAll(".code")].some((node) => /\d{3} \d{3}/.test(node.textContent ?? ""))) {
          window.__codesAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.waitForFunction(() => window.__codesAt !== undefined, null, { timeout: 10_000 });
    if (i > 1) times.push(await page.evaluate(() => window.__codesAt));
    await page.close();
  }
  return median(times);
}
