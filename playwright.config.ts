import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium with the built extension and the
// real native host. One worker: each test launches a browser.
export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.e2e.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  outputDir: "test-results/e2e-artifacts",
});
