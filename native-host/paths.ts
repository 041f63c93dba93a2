import { homedir } from "node:os";
import { join } from "node:path";

/** The parts of the environment that decide where Twofold keeps things. */
export interface Environment {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  /**
   * Prefix of the system-wide folders (`install --system`), `/` unless set.
   * Tests point it into a temporary folder; nothing sets it from the
   * environment, so a stray variable can never redirect a root install.
   */
  systemRoot?: string | undefined;
}

export function currentEnvironment(): Environment {
  return { platform: process.platform, home: process.env.HOME || homedir(), env: process.env };
}

/** Twofold's own data folder: the default vault and the browser launchers. */
export function dataDir({ platform, home, env }: Environment): string {
  if (env.TWOFOLD_DATA_DIR) return env.TWOFOLD_DATA_DIR;
  if (platform === "darwin") return join(home, "Library", "Application Support", "Twofold");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "twofold");
}

/** Where the default file vault lives. */
export function defaultVaultPath(environment: Environment): string {
  return join(dataDir(environment), "vault.json");
}
