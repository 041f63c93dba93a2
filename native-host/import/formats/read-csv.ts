import { CsvError, parse } from "csv-parse/sync";
import type { ImportInput } from "../import-types";
import { notThisFormat } from "./format-errors";
import { entryError } from "./otp-fields";

/** A CSV file's header and rows, with the line each row starts on. */
export interface CsvTable {
  /** Column names, trimmed and lower-cased. */
  header: string[];
  rows: { line: number; fields: string[] }[];
}

/**
 * Parses CSV (RFC 4180 quoting, optional BOM) with csv-parse. Rows whose
 * field count differs from the header's are kept, so the importer can report
 * them one by one; broken quoting makes the whole file `IMPORT_INVALID`.
 */
export function readCsv(input: ImportInput, format: string): CsvTable {
  if (input.text === null) throw notThisFormat(format, "it is not text");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns each record with its position; its typings do not say so.
    records = parse(input.text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw csvProblem(error, format);
  }
  const [first, ...rest] = records;
  if (first === undefined) throw notThisFormat(format, "it is empty");
  let line = first.info.lines;
  const rows = rest.map(({ record, info }) => {
    const row = { line: line + 1, fields: record };
    line = info.lines;
    return row;
  });
  return { header: first.record.map(normalizeColumn), rows };
}

/** The lower-cased column names of the first line, or `null` when the input is not CSV text. */
export function csvHeader(input: ImportInput): string[] | null {
  if (input.text === null) return null;
  const firstLine = input.text.slice(0, 4096).split(/\r?\n/, 1)[0] ?? "";
  try {
    const [record] = parse(firstLine, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
    return record && record.length > 1 ? record.map(normalizeColumn) : null;
  } catch {
    return null;
  }
}

/**
 * The index of the first column named any of `names`, or `IMPORT_INVALID`
 * listing the columns expected: the sign of a file from another program, or
 * of columns shifted by hand-editing.
 */
export function requireColumn(table: CsvTable, names: readonly string[], expected: string, format: string): number {
  const index = table.header.findIndex((column) => names.includes(column));
  if (index < 0) {
    throw notThisFormat(
      format,
      `its header has no ${names[0]} column (expected ${expected}); the columns may be shifted, or the file comes from another program`,
    );
  }
  return index;
}

/** The row's field at `index`, after checking the row lines up with the header. */
export function fieldOf(table: CsvTable, row: CsvTable["rows"][number], index: number): string {
  if (row.fields.length !== table.header.length) {
    throw entryError(
      `it has ${row.fields.length} fields but the header has ${table.header.length}; the columns are shifted (is a comma inside an unquoted field?).`,
    );
  }
  return (row.fields[index] ?? "").trim();
}

function normalizeColumn(name: string): string {
  return name.trim().toLowerCase();
}

/** csv-parse's messages quote the data; say what is wrong by its code and line instead. */
function csvProblem(error: unknown, format: string): Error {
  if (!(error instanceof CsvError)) return notThisFormat(format, "it is not valid CSV");
  const line = typeof error.lines === "number" ? ` (line ${error.lines})` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return notThisFormat(format, `a quoted field is never closed${line}; the file may be cut short`);
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return notThisFormat(format, `a quote is misplaced${line}; quotes inside a field must be doubled ("")`);
    default:
      return notThisFormat(format, `it is not valid CSV${line}`);
  }
}
