import { openStore } from "../../stores/open-store";
import type { Store } from "../../stores/store";
import { formatStoreSpec, parseStoreSpec } from "../../stores/store-spec";
import { flag, stringOption, usageError } from "../args";
import type { Command } from "../command";

export const migrate: Command = {
  name: "migrate",
  usage: "twofold migrate --from SPEC --to SPEC [--remove-source]",
  summary: "copy every account to another store, verify, and optionally remove the originals",
  options: { from: { type: "string" }, to: { type: "string" }, "remove-source": { type: "boolean" } },
  async run(args, context) {
    const fromText = stringOption(args, "from");
    const toText = stringOption(args, "to");
    if (!fromText || !toText) throw usageError("--from and --to are both required", this.usage);
    const fromSpec = parseStoreSpec(fromText);
    const toSpec = parseStoreSpec(toText);
    if (formatStoreSpec(fromSpec) === formatStoreSpec(toSpec))
      throw usageError("--from and --to name the same store", this.usage);
    const opened: Store[] = [];
    try {
      const from = await openStore(fromSpec, context.environment);
      opened.push(from);
      const to = await openStore(toSpec, context.environment);
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
