// Drives Debian's firefox-esr headless over WebDriver BiDi (built into
// Firefox; no geckodriver, which Debian does not package; Playwright drives
// only its own patched Firefox). Installs the Firefox build of Twofold as a
// temporary add-on, opens PAGE_URL, clicks the field like a person and prints
// {"value": …} — what the field holds afterwards. Run with
// `node --experimental-websocket` (Node 20's WebSocket is behind a flag).
//   firefox-fill.mjs EXTENSION_DIR PAGE_URL SELECTOR PROFILE_DIR
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const [extension, pageUrl, selector, profile] = process.argv.slice(2);
const PORT = 9300 + (process.pid % 500);
// A fixed internal UUID, and no network chatter on a machine without internet.
writeFileSync(
  join(profile, "user.js"),
  [
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ "twofold@twofold.dev": "11111111-2222-4333-8444-555555555555" }))});`,
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("extensions.update.enabled", false);',
    'user_pref("browser.safebrowsing.malware.enabled", false);',
    'user_pref("browser.safebrowsing.phishing.enabled", false);',
    'user_pref("network.captive-portal-service.enabled", false);',
    'user_pref("network.connectivity-service.enabled", false);',
    "",
  ].join("\n"),
);
const firefox = spawn(
  "firefox-esr",
  ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", String(PORT), "about:blank"],
  {
    stdio: ["ignore", "pipe", "pipe"],
  },
);
let log = "";
// Firefox says when its WebDriver BiDi server listens; wait for that line, or for Firefox to exit.
const listening = new Promise((resolve, reject) => {
  const seen = (chunk) => {
    log += chunk;
    if (/WebDriver BiDi listening/.test(log)) resolve(undefined);
  };
  firefox.stdout.on("data", seen);
  firefox.stderr.on("data", seen);
  firefox.on("error", reject);
  firefox.on("exit", (code) => reject(new Error(`firefox-esr exited (${code}) before WebDriver BiDi listened`)));
});
try {
  await listening;
  const socket = new WebSocket(`ws://127.0.0.1:${PORT}/session`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 1;
  const waiting = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (context, expression) =>
    (await send("script.evaluate", { expression, target: { context }, awaitPromise: false })).result?.result?.value;
  await send("session.new", { capabilities: {} });
  const installed = await send("webExtension.install", { extensionData: { type: "path", path: extension } });
  if (installed.type === "error") throw new Error(`installing the add-on failed: ${installed.message}`);
  const context = (await send("browsingContext.getTree", {})).result.contexts[0].context;
  await send("browsingContext.navigate", { context, url: pageUrl, wait: "complete" });
  const read = () => evaluate(context, `document.querySelector(${JSON.stringify(selector)}).value`);
  const click = async () => {
    const box = JSON.parse(
      await evaluate(
        context,
        `JSON.stringify(document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect())`,
      ),
    );
    const x = Math.round(box.x + box.width / 2);
    const y = Math.round(box.y + box.height / 2);
    await send("input.performActions", {
      context,
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", x, y },
            { type: "pointerDown", button: 0 },
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
  };
  // The page cannot see when the add-on's content script starts (it runs at document_idle, in its
  // own world), so a click may come before it: click, watch the field for a while, and click again
  // if nothing came. What ends the loop is the field's state; the deadline only bounds a failure.
  const deadline = Date.now() + 60_000;
  let value = "";
  while (!value && Date.now() < deadline) {
    await click();
    for (let i = 0; i < 8 && !value; i++) {
      await sleep(250);
      value = await read();
    }
  }
  await send("session.end", {});
  process.stdout.write(`${JSON.stringify({ value })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error), log: log.slice(-2000) })}\n`);
} finally {
  firefox.kill("SIGTERM");
}
