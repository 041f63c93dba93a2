import { spawnSync } from "node:child_process";

/** Vitest global setup: host tests spawn the bundle, so build it first (about a second). */
export default function setup(): void {
  const result = spawnSync(process.execPath, ["scripts/build-host.mjs"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("building the host bundle failed");
}
