import { host } from "./cli/commands/host";
import { exitWhenDone } from "./cli/exit-when-done";
import { runCommand } from "./cli/run-command";

/**
 * The host bundle's entry, for `twofold host …` as the launcher writes it
 * (its loaders check that `argv` starts with `host`; every other command,
 * and a browser starting the single executable with its own arguments, goes
 * to the CLI bundle). It holds the native messaging loop and `hello`; the
 * other methods' handlers, the stores, importers and doctor are the handlers'
 * bundle, loaded once hello is answered, so the browser's host starts with
 * little more than node itself.
 */
export function run(argv: readonly string[], entry: string): void {
  exitWhenDone(
    runCommand(host, argv.slice(1), {
      entry,
      openAccounts: (...args) => import("./host/host-handlers").then(({ openAccounts }) => openAccounts(...args)),
    }),
  );
}
