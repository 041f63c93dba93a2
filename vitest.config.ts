import { defineConfig } from "vitest/config";
import { PREACT_ALIASES } from "./scripts/preact-aliases.mjs";

export default defineConfig({
  // The popup's components run on Preact, as in the extension.
  resolve: { alias: PREACT_ALIASES },
  test: {
    include: ["test/unit/**/*.test.ts", "test/host/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/build-host.ts"],
    setupFiles: ["test/support/fast-check-replay.ts"],
    // Ceilings that catch a hang, not waits: tests wait for state. A test that
    // starts the CLI or host a dozen times needs a minute on a machine whose
    // two cores are busy with something else.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Host tests spawn processes; two cores.
    maxWorkers: 2,
  },
});
