/** What a launcher runs to start this Twofold. */
export interface HostProgram {
  /** Absolute path of node, or of Twofold's single executable. */
  program: string;
  /** The bundle's loader that node runs; absent for the single executable. */
  hostScript?: string;
}

/**
 * How a launcher starts the Twofold that is running now, from the `entry` it
 * was started through: node's loader script (dist/twofold.cjs), or the
 * single executable of a release download, whose main script passes the
 * executable itself — there `process.execPath` is Twofold, not a node that
 * needs a script.
 */
export function hostProgram(entry: string): HostProgram {
  return entry === process.execPath ? { program: entry } : { program: process.execPath, hostScript: entry };
}
