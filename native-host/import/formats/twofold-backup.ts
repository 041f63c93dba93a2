import { z } from "zod";
import { scryptCostProblem } from "../../stores/scrypt-cost";
import { readStoredRecord } from "../../stores/stored-record";
import { BackupContent, BackupFile, openBackup } from "../backup-file";
import type { Importer } from "../import-types";
import { notThisFormat, passwordNeeded, tooCostly, wrongPassword } from "./format-errors";
import { collectEntries, entryError } from "./otp-fields";
import { describeIssue, looksLike, parseInnerJson, readJson } from "./read-json";

const FORMAT = "Twofold backup";

/**
 * Twofold's own encrypted backup (`twofold export`). Restores each account
 * exactly: its settings and secret, its domain bindings with their sources,
 * and whether it is pinned.
 */
export const twofoldBackup: Importer = {
  format: "twofold-backup",
  name: "Twofold backup",
  detect: (input) => looksLike(input, z.object({ format: z.literal("twofold-backup") })),
  async parse(input) {
    const file = readJson(input, BackupFile, FORMAT);
    const cost = scryptCostProblem(file.kdf);
    if (cost !== null) throw tooCostly(FORMAT, `its header ${cost}`);
    if (!input.password) throw passwordNeeded(FORMAT);
    const plaintext = await openBackup(file, input.password);
    if (plaintext === null) throw wrongPassword(FORMAT);
    const content = BackupContent.safeParse(parseInnerJson(plaintext, FORMAT, "its decrypted contents"));
    if (!content.success) throw notThisFormat(FORMAT, `its decrypted contents: ${describeIssue(content.error)}`);
    return collectEntries(
      content.data.accounts,
      (_, index) => `account ${index + 1}`,
      (value) => {
        // A backup holds stored records: read each as a store reads one, with the same limits.
        const read = readStoredRecord(value);
        if (!read.ok) throw entryError(`${read.reason}.`);
        const { record } = read;
        return {
          account: { issuer: record.issuer, label: record.label, params: { ...record.otp, secret: record.secret } },
          domains: record.domains.map((binding) => binding.host),
          bindings: record.domains,
          pinned: record.pinned,
        };
      },
    );
  },
};
