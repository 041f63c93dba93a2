import type { Environment } from "../../paths";
import { openStore } from "../../stores/open-store";
import type { Store } from "../../stores/store";
import { formatStoreSpec, parseStoreSpec, STORE_KINDS, type StoreSpec } from "../../stores/store-spec";
import { flag, stringOption, usageError } from "../args";
import type { Command } from "../command";

export const migrate: Command = {
  name: "migrate",
  usage: "twofold migrate --from SPEC --to SPEC [--to-key-file] [--remove-source]",
  summary: "copy every account to another store, and verify the copies",
  details: [
    "Safe to run again: accounts already in the target are skipped. The source is left alone unless --remove-source is given, and then only after every copy reads back as written.",
    ["--from SPEC, --to SPEC", `stores: ${STORE_KINDS.join(", ")}`],
    [
      "--to-key-file",
      "a new file vault gets a key file beside it, even while TWOFOLD_PASSPHRASE (which opens --from) is set: the kind a browser can open",
    ],
    ["--remove-source", "delete the originals once the copies are verified"],
  ],
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "to-key-file": { type: "boolean" },
    "remove-source": { type: "boolean" },
  },
  async run(args, context) {
    const fromText = stringOption(args, "from");
    const toText = stringOption(args, "to");
    if (!fromText || !toText) throw usageError("--from and --to are both required", this.usage);
    const fromSpec = storeOption(fromText, this.usage);
    const toSpec = storeOption(toText, this.usage);
    if (formatStoreSpec(fromSpec) === formatStoreSpec(toSpec))
      throw usageError("--from and --to name the same store", this.usage);
    const keyFile = flag(args, "to-key-file");
    if (keyFile && toSpec.kind !== "file") throw usageError("--to-key-file is for a file:PATH target", this.usage);
    const opened: Store[] = [];
    try {
      const from = await openStore(fromSpec, context.environment);
      opened.push(from);
      const to = await openStore(toSpec, keyFile ? withoutPassphrase(context.environment) : context.environment);
      opened.push(to);
      const { migrateAccounts } = await import("../../accounts/migrate-accounts");
      const report = await migrateAccounts(from, to, {
        removeSource: flag(args, "remove-source"),
        onStep: context.out,
      });
      for (const name of report.alreadyThere) context.out(`already in ${to.spec}: ${name}`);
      context.out(
        `Copied ${report.copied.length} account(s) to ${to.spec}, ${report.alreadyThere.length} were already there` +
          (flag(args, "remove-source")
            ? `; removed ${report.removedFromSource} from ${from.spec}.`
            : `; ${from.spec} is unchanged (add --remove-source to move them).`),
      );
      return 0;
    } finally {
      for (const store of opened) await store.close().catch(() => undefined);
    }
  },
};

function storeOption(text: string, usage: string): StoreSpec {
  try {
    return parseStoreSpec(text);
  } catch (error) {
    throw usageError((error instanceof Error ? error.message : String(error)).replace(/\.$/, ""), usage);
  }
}

/** The file vault reads TWOFOLD_PASSPHRASE when it creates a vault; without it, it writes a key file. */
function withoutPassphrase(environment: Environment): Environment {
  const { TWOFOLD_PASSPHRASE: _passphrase, ...env } = environment.env;
  return { ...environment, env };
}
