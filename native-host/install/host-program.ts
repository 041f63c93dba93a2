/** What a launcher runs to start this Twofold. */
export interface HostProgram {
  /** Absolute path of node, or of Twofold's single executable. */
  program: string;
  /** The bundle's loader that node runs; absent for the single executable. */
  hostScript?: string;
}

/**
 * How a launcher starts the Twofold that is running now: the single
 * executable (from a release download) on its own, or this node with the
 * bundle's loader `entry`. A single executable has no script beside it, and
 * its `process.execPath` is the executable itself, not node.
 */
export async function currentHostProgram(entry: string): Promise<HostProgram> {
  return (await isSingleExecutable())
    ? { program: process.execPath }
    : { program: process.execPath, hostScript: entry };
}

async function isSingleExecutable(): Promise<boolean> {
  try {
    const { isSea } = await import("node:sea");
    return isSea();
  } catch {
    // node:sea arrived in Node 20.12; an older node is never a single executable.
    return false;
  }
}
