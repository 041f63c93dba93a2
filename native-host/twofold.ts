import { exitWhenDone } from "./cli/exit-when-done";
import { main } from "./cli/main";
import { hostArguments } from "./install/browser-invocation";

/**
 * The CLI bundle's entry, called by its loader (dist/twofold.cjs, from
 * scripts/host-loader.cjs) or by the single executable's main script
 * (scripts/sea-main.cjs) for every `twofold …` command. The browser's
 * `twofold host` starts from the host's smaller bundle instead
 * (native-host/twofold-host.ts); this one runs it too, for any other way of
 * writing that command.
 */
export function run(argv: readonly string[], entry: string): void {
  exitWhenDone(main(hostArguments(argv), entry));
}
