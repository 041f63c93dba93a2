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
import { awaitInPage } from "./page-wait.mjs";

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

/**
 * On every page the context opens, records when the first six-digit code is in the DOM
 * (`__codes.dom`) and when the browser painted it (`__codes.painted`), and, on the popup,
 * when it sent its snapshot request and had the answer. Painted is what a person sees: a
 * page whose codes were in the DOM before its first paint (the static page, a popup the
 * background drew) painted them in that paint; codes that came later are timed with
 * Element Timing (they get the `elementtiming` attribute before any frame draws them).
 * The static page's codes are in the DOM long before its styles load and it paints.
 */
function watchCodes() {
  const codes = {};
  window.__codes = codes;
  let paintedNow = () => {};
  window.__codesPainted = new Promise((resolve) => {
    paintedNow = resolve;
  });
  const painted = (time) => {
    codes.painted ??= time;
    paintedNow(codes);
  };
  const runtime = globalThis.chrome?.runtime;
  const send = runtime?.sendMessage?.bind(runtime);
  if (send) {
    runtime.sendMessage = (...args) => {
      const snapshot = args[0]?.type === "page.snapshot" && codes.sent === undefined;
      if (snapshot) codes.sent = performance.now();
      const callback = args.find((arg) => typeof arg === "function");
      const answered = () => {
        if (snapshot) codes.replied = performance.now();
      };
      if (callback === undefined) return send(...args).finally(answered);
      return send(...args.filter((arg) => arg !== callback), (...reply) => {
        answered();
        callback(...reply);
      });
    };
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== "first-contentful-paint") continue;
      codes.firstPaint = entry.startTime;
      if (codes.dom !== undefined && codes.dom <= entry.startTime) painted(entry.startTime);
    }
  }).observe({ type: "paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) painted(entry.renderTime || entry.startTime);
  }).observe({ type: "element", buffered: true });
  const observer = new MutationObserver(() => {
    const shown = [...document.querySelectorAll(".code")].filter((node) => /\d{3} \d{3}/.test(node.textContent ?? ""));
    if (shown.length === 0) return;
    codes.dom = performance.now();
    for (const node of shown) node.setAttribute("elementtiming", "code");
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

/** Navigation start → first code painted (and the other marks), in a new page of `context`. */
async function openTime(context, url) {
  const page = await context.newPage();
  await page.setViewportSize(VIEWPORT);
  const devtools = await context.newCDPSession(page);
  await page.goto(url);
  const marks = await awaitInPage(devtools, "window.__codesPainted", 30_000);
  if (marks?.painted === undefined) {
    const seen = await awaitInPage(
      devtools,
      "Promise.resolve({ marks: window.__codes, text: document.body.textContent?.slice(0, 200) })",
      5_000,
    );
    throw new Error(`${url}: no code painted in 30 s (${JSON.stringify(seen)})`);
  }
  await devtools.detach();
  return { page, ms: marks.painted, marks };
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
    await context.addInitScript(watchCodes);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    const { page, marks } = await openTime(context, `${origin}/popup.html`);
    // The first launch only creates the profile (and its code caches), as installing does.
    if (launchIndex > 0) first.push(marks);
    if (launchIndex === 0) {
      // The popup as drawn, without its scripts: the static page for the warm rounds.
      const markup = await page.evaluate(() => {
        for (const script of document.querySelectorAll("script, link[rel=modulepreload]")) script.remove();
        for (const code of document.querySelectorAll("[elementtiming]")) code.removeAttribute("elementtiming");
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
  try {
    for (let pair = 0; pair < WARM_PAIRS + 2; pair++) {
      const still = await openTime(context, `${origin}/static.html`);
      await still.page.close();
      const popup = await openTime(context, `${origin}/popup.html`);
      await popup.page.close();
      if (pair < 2) continue;
      staticTimes.push(still.marks);
      popupTimes.push(popup.marks);
    }
  } finally {
    await context.close();
  }
  return { count, first, staticTimes, popupTimes };
}

/**
 * The popup rows: for 20 and 1,000 accounts, popup vs static page (paired rounds in one
 * browser) and first open after browser start vs warm open; the load average around them.
 */
export async function measurePopupOpen({ root, work, twofold }) {
  const extension = join(root, ".output", "chrome-mv3");
  const loadBefore = loadavg()[0];
  const sizes = [];
  for (const count of [20, 1000]) {
    const before = loadavg()[0];
    const size = await measureSize({ work, twofold, extension, count });
    sizes.push({ ...size, load: [before, loadavg()[0]] });
  }
  const loadAfter = loadavg()[0];
  return { sizes, scriptBytes: popupScriptBytes(extension), load: [loadBefore, loadAfter] };
}

/** Today's popup on main before the popup was slimmed (870f8f8): React DOM and zod loaded on every open. */
const SCRIPT_BYTES_BEFORE = 344_604;
/** Popup at most this many times the static page's time; first open at most this many times a warm open. */
const STATIC_BUDGET = 1.2;
const FIRST_OPEN_BUDGET = 2;

/** The median of one mark over rounds. */
const mid = (rounds, key) => median(rounds.map((marks) => marks[key]));

/**
 * Where a popup open's time went, from the medians of its marks. A page the background drew
 * (src/popup/popup-page.tsx) has its codes before its script runs: when they were parsed and
 * painted. A page that loaded as packaged: when its script asked for the snapshot, how long
 * the background took to answer, how long until the codes were in the DOM, and until they
 * were painted.
 */
function phases(rounds) {
  const drawn = rounds.filter((marks) => marks.dom < (marks.sent ?? Number.POSITIVE_INFINITY));
  const asked = rounds.filter((marks) => !drawn.includes(marks));
  const parts = [];
  if (drawn.length > 0) {
    const paint = median(drawn.map((marks) => marks.painted - marks.dom));
    parts.push(
      `${drawn.length} of ${rounds.length} opens came drawn by the background: codes parsed at ${mid(drawn, "dom").toFixed(0)} ms and painted ${paint.toFixed(0)} ms after that`,
    );
  }
  if (asked.length > 0) {
    const reply = median(asked.map((marks) => marks.replied - marks.sent));
    const render = median(asked.map((marks) => marks.dom - marks.replied));
    const paint = median(asked.map((marks) => marks.painted - marks.dom));
    parts.push(
      `${asked.length} of ${rounds.length} loaded as packaged: script asked for the snapshot at ${mid(asked, "sent").toFixed(0)} ms, the background answered in ${reply.toFixed(0)} ms, codes in the DOM ${render.toFixed(0)} ms later and painted ${paint.toFixed(0)} ms after that`,
    );
  }
  return parts.join("; ");
}

/** The measurements as bench rows: `[name, value, budget, ok, note]`. */
export function popupRows({ sizes, scriptBytes, load }) {
  const rows = [];
  for (const { count, first, staticTimes, popupTimes, load: sizeLoad } of sizes) {
    const accounts = `${count.toLocaleString("en")} accounts`;
    const painted = (rounds) => rounds.map((marks) => marks.painted);
    const ratios = popupTimes.map((marks, index) => marks.painted / staticTimes[index].painted);
    const domRatios = popupTimes.map((marks, index) => marks.dom / staticTimes[index].dom);
    const ratio = median(ratios);
    const loadText = `load average ${sizeLoad.map((value) => value.toFixed(1)).join(" → ")}, ${ratios.length} pairs`;
    rows.push([
      `popup open → codes painted vs a static page with the same rows (${accounts}, warm)`,
      `popup ${spread(painted(popupTimes))}, static ${spread(painted(staticTimes))}; paired ratio ${spread(ratios, "×", 2)} (codes in the DOM: paired ratio ${spread(domRatios, "×", 2)})`,
      `≤ ${STATIC_BUDGET}× the static page`,
      ratio <= STATIC_BUDGET,
      ratio <= STATIC_BUDGET
        ? `${loadText}; ${phases(popupTimes)}`
        : `${loadText}; misses by ${(median(painted(popupTimes)) - STATIC_BUDGET * median(painted(staticTimes))).toFixed(0)} ms: ${phases(popupTimes)}, while the static page's codes were parsed at ${mid(staticTimes, "dom").toFixed(0)} ms and painted at ${mid(staticTimes, "painted").toFixed(0)} ms`,
    ]);
    const firstRatio = median(painted(first)) / median(painted(popupTimes));
    rows.push([
      `popup first open after browser start vs warm open (${accounts})`,
      `first ${spread(painted(first))} = ${firstRatio.toFixed(2)}× warm`,
      `≤ ${FIRST_OPEN_BUDGET}× a warm open`,
      firstRatio <= FIRST_OPEN_BUDGET,
      `${first.length} launches; ${firstRatio <= FIRST_OPEN_BUDGET ? "" : `misses by ${(median(painted(first)) - FIRST_OPEN_BUDGET * median(painted(popupTimes))).toFixed(0)} ms: opened as soon as the worker runs, before the host process has started and read the store; `}${phases(first)}`,
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
