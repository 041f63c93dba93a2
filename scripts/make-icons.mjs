// Renders the extension icons (public/icon/SIZE.png) from one SVG with Chromium:
//   node scripts/make-icons.mjs
import { chromium } from "@playwright/test";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 96, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="${size}" height="${size}">
    <rect x="4" y="4" width="120" height="120" rx="28" fill="#1d4ed8"/>
    <rect x="22" y="30" width="84" height="68" rx="12" fill="none" stroke="#fff" stroke-width="8" opacity="0.35"/>
    <text x="64" y="90" font-family="DejaVu Sans, Arial, sans-serif" font-weight="800" font-size="72" text-anchor="middle" fill="#fff">2</text>
  </svg></body></html>`);
  await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
}
await browser.close();
