import { main } from "./cli/main";
import { hostArguments } from "./install/browser-invocation";

/**
 * The bundle's entry, called by its loader (dist/twofold.mjs, from
 * scripts/host-loader.mjs) or by the single executable's main script
 * (scripts/sea-main.cjs) for `twofold …`, the launcher's `twofold host`, and
 * a browser starting the single executable directly.
 */
export function run(argv: readonly string[], entry: string): void {
  main(hostArguments(argv), entry).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`twofold: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
