import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, test as base, chromium, type Worker } from "@playwright/test";
import { HEADLESS_FLAGS, QUIET_FLAGS } from "../../../scripts/chromium-flags.mjs";
import { CHROMIUM, EXTENSION_DIR } from "./paths";
import { twofold } from "./twofold-cli";

export interface TwofoldWorld {
  /** Runs the CLI against this test's store. */
  cli(args: readonly string[], input?: string): string;
  storeSpec: string;
  env: NodeJS.ProcessEnv;
  userDataDir: string;
}

interface Fixtures {
  world: TwofoldWorld;
  /** Whether to install the host before the browser starts (default true). */
  installHost: boolean;
  /** Extra Chromium flags, e.g. host resolver rules for fixture sites. */
  browserArgs: string[];
  /** The store for this test: a fresh key-file vault, or the session's Secret Service. */
  storeKind: "file" | "secret-service";
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
}

/** Headless and quiet on a machine with no internet. */
export const CHROMIUM_ARGS = [...HEADLESS_FLAGS, ...QUIET_FLAGS];

/**
 * A Playwright test with Chromium, the built extension, and the real native
 * host installed into the throwaway profile over a throwaway store.
 */
export const test = base.extend<Fixtures>({
  installHost: [true, { option: true }],
  browserArgs: [[], { option: true }],
  storeKind: ["file", { option: true }],
  world: async ({ installHost, storeKind }, use) => {
    const dir = await mkdtemp(join(tmpdir(), "twofold-e2e-"));
    const userDataDir = join(dir, "profile");
    const storeSpec = storeKind === "file" ? `file:${join(dir, "vault.json")}` : storeKind;
    const env = { TWOFOLD_DATA_DIR: join(dir, "data") };
    const cli = (args: readonly string[], input?: string) => twofold(["--store", storeSpec, ...args], env, input);
    if (installHost) cli(["install", "--browser", "chromium", "--user-data-dir", userDataDir]);
    await use({ cli, storeSpec, env, userDataDir });
    await rm(dir, { recursive: true, force: true });
  },
  context: async ({ world, browserArgs }, use) => {
    const context = await chromium.launchPersistentContext(world.userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        ...browserArgs,
      ],
      env: { ...process.env, ...world.env },
    });
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export const expect = test.expect;
