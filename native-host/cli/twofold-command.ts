import { shellWord } from "../install/host-manifest";
import type { CliContext } from "./command";

/**
 * A `twofold …` command line to suggest, quoted for a shell, with the
 * `--store` the person typed so that it acts on the same store.
 */
export function twofoldCommand(context: Pick<CliContext, "storeArgument">, ...words: string[]): string {
  const store = context.storeArgument === undefined ? [] : ["--store", shellWord(context.storeArgument)];
  return ["twofold", ...words.map(shellWord), ...store].join(" ");
}
