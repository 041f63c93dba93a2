import type { ImportReport } from "../../src/protocol/methods";

/** How `twofold import` ends: one line for a person, where it goes, and the exit status. */
export interface ImportSummary {
  line: string;
  stream: "out" | "err";
  status: number;
}

/**
 * The last line of an import, saying what happened rather than what might
 * have: "Would add" only for a dry run, "Nothing to add" when everything was
 * already there, and why nothing was imported when invalid entries stopped it.
 */
export function importSummary(report: ImportReport, dryRun: boolean): ImportSummary {
  const added = report.added.length;
  const duplicates = report.duplicates.length;
  const invalid = report.invalid.length;
  const from = `(${report.format})`;
  if (dryRun) {
    return {
      line: `Would add ${added}, skip ${duplicates} already in Twofold, ${invalid} invalid ${from}. Nothing was written (--dry-run).`,
      stream: "out",
      status: 0,
    };
  }
  if (report.applied) {
    return {
      line: `Added ${added}, skipped ${duplicates} duplicate(s), ${invalid} invalid ${from}.`,
      stream: "out",
      status: 0,
    };
  }
  if (added > 0) {
    return {
      line: `Imported nothing: ${count(invalid, "entry is", "entries are")} invalid (listed above), so the ${count(added, "good one was", "good ones were")} not added either. Fix the file, or pass --partial to import the rest.`,
      stream: "err",
      status: 1,
    };
  }
  if (invalid > 0) {
    return {
      line: `Nothing to add: ${count(invalid, "entry is", "entries are")} invalid (listed above)${duplicates > 0 ? ` and ${count(duplicates, "is", "are")} already in Twofold` : ""} ${from}.`,
      stream: "err",
      status: 1,
    };
  }
  return {
    line:
      duplicates === 0
        ? `Nothing to add: the file holds no accounts ${from}.`
        : duplicates === 1
          ? `Nothing to add: its one account is already in Twofold ${from}.`
          : `Nothing to add: all ${duplicates} accounts are already in Twofold ${from}.`,
    stream: "out",
    status: 0,
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
