// The popup's rows of `npm run bench`: how long the popup takes to show codes, against a
// static page with the same rows and styles (the floor: what the browser needs to paint
// that markup with no script at all), at 20 and at 1,000 accounts; the first open after
// the browser starts against a warm open; and the JavaScript the popup loads on open.
import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { HEADLESS_FLAGS, QUIET_FLAGS } from "../scripts/chromium-flags.mjs";
import { median, percentile } from "./host-client.mjs";

/** Paired warm rounds per size (static page, then popup), after two unmeasured pairs. */
const WARM_PAIRS = 21;
/** Browser launches per size, each measuring the popup's first open. */
const COLD_LAUNCHES = 7;
/** The popup's size, so the same rows are in view on both pages. */
const VIEWPORT = { width: 380, height: 560 };

/**
 * The JS the popup loads on open, in bytes: the scripts popup.html names, and every chunk
 * those import, statically or through the loader's list of a dynamic import's chunks.
 */
export function popupScriptBytes(extension) {
  const html = readFileSync(join(extension, "popup.html"), "utf8");
  const pending = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map(([, path]) => path);
  const seen = new Set();
  while (pending.length > 0) {
    const path = pending.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    for (const [, name] of readFileSync(join(extension, path), "utf8").matchAll(
      /["'](?:\.\/|chunks\/)([\w.-]+\.js)["']/g,
    ))
      pending.push(`chunks/${name}`);
  }
  return [...seen].reduce((sum, path) => sum + statSync(join(extension, path)).size, 0);
}

/** `count` TOTP accounts as otpauth URIs, each with its own secret. */
function accountUris(count) {
  const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from({ length: count }, (_, n) => {
    const tail = Array.from({ length: 8 }, (_, i) => base32[(n >> (i * 5)) & 31]).join("");
    return `otpauth://totp/Service%20${n}:user${n}%40example.com?secret=JBSWY3DP${tail}&issuer=Service%20${n}`;
  });
}

/** Median and quartiles of `values`, as a row's text. */
export function spread(values, unit = " ms", digits = 0) {
  const f = (value) => value.toFixed(digits);
  return `${f(median(values))}${unit} (p25–p75 ${f(percentile(values, 25))}–${f(percentile(values, 75))})`;
}

/** Records when the first six-digit code is on screen, on every page the context opens. */
function watchForCodes() {
  const observer = new MutationObserver(() => {
    if ([...document.querySelectorAll(".code")].some((node) => /\d{3} \d{3}/.test(node.textContent ?? ""))) {
      window.__codesAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/** Navigation start → first code on screen, in a new page of `context`. */
async function openTime(context, url) {
  const page = await context.newPage();
  await page.setViewportSize(VIEWPORT);
  await page.goto(url);
  await page.waitForFunction(() => window.__codesAt !== undefined, null, { timeout: 30_000 });
  const ms = await page.evaluate(() => window.__codesAt);
  return { page, ms };
}

/**
 * Measures one size: a browser per cold launch (first open of the popup as soon as the
 * extension's worker runs), and in the last browser, paired warm rounds of the static
 * page and the popup.
 */
async function measureSize({ work, twofold, extension, count }) {
  const spec = `file:${join(work, `popup-${count}.json`)}`;
  const list = join(work, `popup-${count}.txt`);
  writeFileSync(list, accountUris(count).join("\n"));
  twofold(spec, "import", list);
  const profile = join(work, `popup-profile-${count}`);
  twofold(spec, "install", "--browser", "chromium", "--user-data-dir", profile);
  // The static page sits in a copy of the extension, so it shares the popup's origin and styles.
  const copy = join(work, `popup-extension-${count}`);
  cpSync(extension, copy, { recursive: true });
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.TWOFOLD_CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: [...HEADLESS_FLAGS, ...QUIET_FLAGS, `--disable-extensions-except=${copy}`, `--load-extension=${copy}`],
    });

  const first = [];
  let context;
  for (let launchIndex = 0; launchIndex < COLD_LAUNCHES; launchIndex++) {
    context = await launch();
    await context.addInitScript(watchForCodes);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    const { page, ms } = await openTime(context, `${origin}/popup.html`);
    // The first launch only creates the profile (and its code caches), as installing does.
    if (launchIndex > 0) first.push(ms);
    if (launchIndex === 0) {
      // The popup as drawn, without its scripts: the static page for the warm rounds.
      const markup = await page.evaluate(() => {
        for (const script of document.querySelectorAll("script, link[rel=modulepreload]")) script.remove();
        return `<!doctype html>${document.documentElement.outerHTML}`;
      });
      writeFileSync(join(copy, "static.html"), markup);
    }
    await page.close();
    if (launchIndex < COLD_LAUNCHES - 1) await context.close();
  }

  const worker = context.serviceWorkers()[0];
  const origin = `chrome-extension://${new URL(worker.url()).host}`;
  const staticTimes = [];
  const popupTimes = [];
  const ratios = [];
  try {
    for (let pair = 0; pair < WARM_PAIRS + 2; pair++) {
      const still = await openTime(context, `${origin}/static.html`);
      await still.page.close();
      const popup = await openTime(context, `${origin}/popup.html`);
      await popup.page.close();
      if (pair < 2) continue;
      staticTimes.push(still.ms);
      popupTimes.push(popup.ms);
      ratios.push(popup.ms / still.ms);
    }
  } finally {
    await context.close();
  }
  return { count, first, staticTimes, popupTimes, ratios };
}

/**
 * The popup rows: for 20 and 1,000 accounts, popup vs static page (paired rounds in one
 * browser) and first open after browser start vs warm open; the load average around them.
 */
export async function measurePopupOpen({ root, work, twofold }) {
  const extension = join(root, ".output", "chrome-mv3");
  const loadBefore = loadavg()[0];
  const sizes = [];
  for (const count of [20, 1000]) sizes.push(await measureSize({ work, twofold, extension, count }));
  const loadAfter = loadavg()[0];
  return { sizes, scriptBytes: popupScriptBytes(extension), load: [loadBefore, loadAfter] };
}

/** Today's popup on main before the popup was slimmed (870f8f8): React DOM and zod loaded on every open. */
const SCRIPT_BYTES_BEFORE = 344_604;
/** Popup at most this many times the static page's time; first open at most this many times a warm open. */
const STATIC_BUDGET = 1.2;
const FIRST_OPEN_BUDGET = 2;

/** The measurements as bench rows: `[name, value, budget, ok, note]`. */
export function popupRows({ sizes, scriptBytes, load }) {
  const rows = [];
  for (const { count, first, staticTimes, popupTimes, ratios } of sizes) {
    const accounts = `${count.toLocaleString("en")} accounts`;
    const ratio = median(ratios);
    rows.push([
      `popup open → codes visible vs a static page with the same rows (${accounts}, warm)`,
      `popup ${spread(popupTimes)}, static ${spread(staticTimes)}; paired ratio ${spread(ratios, "×", 2)}`,
      `≤ ${STATIC_BUDGET}× the static page`,
      ratio <= STATIC_BUDGET,
      ratio <= STATIC_BUDGET
        ? ""
        : `misses by ${(median(popupTimes) - STATIC_BUDGET * median(staticTimes)).toFixed(0)} ms`,
    ]);
    const firstRatio = median(first) / median(popupTimes);
    rows.push([
      `popup first open after browser start vs warm open (${accounts})`,
      `first ${spread(first)} = ${firstRatio.toFixed(2)}× warm`,
      `≤ ${FIRST_OPEN_BUDGET}× a warm open`,
      firstRatio <= FIRST_OPEN_BUDGET,
      firstRatio <= FIRST_OPEN_BUDGET
        ? ""
        : "opened as soon as the worker runs, so it waits for the host process to start and read the store",
    ]);
  }
  rows.push([
    "popup JavaScript loaded on open",
    `${(scriptBytes / 1024).toFixed(1)} KiB (was ${(SCRIPT_BYTES_BEFORE / 1024).toFixed(1)} KiB at 870f8f8)`,
    "smaller than before",
    scriptBytes < SCRIPT_BYTES_BEFORE,
    `load average ${load.map((value) => value.toFixed(1)).join(" → ")} during the popup rows`,
  ]);
  return rows;
}
