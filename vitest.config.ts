import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/host/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/build-host.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Host tests spawn processes; two cores.
    maxWorkers: 2,
  },
});
