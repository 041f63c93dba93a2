import { main } from "./cli/main";

/**
 * The bundle's entry, called by its loader (dist/twofold.mjs, from
 * scripts/host-loader.mjs) for `twofold …` and the launcher's `twofold host`.
 */
export function run(argv: readonly string[], entry: string): void {
  main(argv, entry).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`twofold: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
