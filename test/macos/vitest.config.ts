import { defineConfig } from "vitest/config";

// Tests that need a Mac; the macOS workflow (.github/workflows/macos.yml) runs
// them with `npx vitest run --config test/macos/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ["test/macos/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    maxWorkers: 1,
  },
});
