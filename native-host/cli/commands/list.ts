import { flag } from "../args";
import type { Command } from "../command";

export const list: Command = {
  name: "list",
  usage: "twofold list [--json]",
  summary: "list accounts (never their secrets)",
  options: { json: { type: "boolean" } },
  async run(args, context) {
    const service = await context.accounts();
    const accounts = await service.list();
    // On stderr, so `list --json` stays the array it always was.
    for (const entry of await service.quarantined()) {
      context.err(
        `! ${entry.id} (${entry.name}) cannot be used and was set aside: ${entry.reason}. If you still have its QR code or setup key, add it again; then remove this copy with \`twofold remove ${entry.id}\`.`,
      );
    }
    if (flag(args, "json")) {
      context.out(JSON.stringify(accounts, null, 2));
      return;
    }
    if (accounts.length === 0) {
      context.out("No accounts yet. Add one with `twofold add 'otpauth://…'` or `twofold import FILE`.");
      return;
    }
    const rows = accounts.map((account) => [
      account.pinned ? "*" : " ",
      account.issuer || "-",
      account.label || "-",
      account.domains.map((binding) => binding.host).join(",") || "-",
      account.id.slice(0, 8),
    ]);
    const header = [" ", "ISSUER", "ACCOUNT", "DOMAINS", "ID"];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
    );
    for (const row of [header, ...rows]) {
      context.out(
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join("  ")
          .trimEnd(),
      );
    }
  },
};
