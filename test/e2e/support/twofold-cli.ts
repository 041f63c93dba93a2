import { spawnSync } from "node:child_process";
import { HOST_BUNDLE } from "./paths";

/** Runs the built `twofold` CLI and returns its output; throws on failure. */
export function twofold(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): string {
  const result = spawnSync(process.execPath, [HOST_BUNDLE, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`twofold ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}
