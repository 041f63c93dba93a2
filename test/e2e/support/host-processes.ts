import { execFileSync } from "node:child_process";

/**
 * Kills the Twofold host processes whose command line names `storeSpec`,
 * as a crash or a restart would; the browser sees its port drop.
 */
export function killHosts(storeSpec: string): number {
  let output = "";
  try {
    output = execFileSync("pgrep", ["-f", `host --store ${storeSpec}`], { encoding: "utf8" });
  } catch {
    return 0;
  }
  const pids = output.split("\n").filter(Boolean).map(Number);
  for (const pid of pids) process.kill(pid, "SIGKILL");
  return pids.length;
}
