/**
 * Sets the process's exit status from a command's, without `process.exit`:
 * output still being written (a pipe, a slow terminal) is not cut off.
 */
export function exitWhenDone(status: Promise<number>): void {
  status.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`twofold: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
