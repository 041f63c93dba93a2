import type { ImportParse } from "../import-types";
import { accountFromOtpValue, collectEntries } from "./otp-fields";
import { type CsvTable, fieldOf, requireColumn } from "./read-csv";
import { siteDomains } from "./site-domains";

/** The header names (lower case) that a password manager's CSV uses for each field. */
export interface CsvColumns {
  otp: readonly string[];
  url: readonly string[];
  title: readonly string[];
  username: readonly string[];
}

/**
 * The 2FA accounts of a password manager's CSV: each row whose OTP column
 * holds a value becomes an account bound to the row's URL. Rows without one
 * are plain passwords and are skipped silently.
 */
export function csvEntries(table: CsvTable, columns: CsvColumns, expected: string, format: string): ImportParse {
  const otp = requireColumn(table, columns.otp, expected, format);
  const optional = (names: readonly string[]) => table.header.findIndex((column) => names.includes(column));
  const url = optional(columns.url);
  const title = optional(columns.title);
  const username = optional(columns.username);
  return collectEntries(
    table.rows,
    (row) => `line ${row.line}`,
    (row) => {
      const value = fieldOf(table, row, otp);
      if (value === "") return null;
      const text = (index: number) => (index < 0 ? "" : fieldOf(table, row, index));
      return {
        account: accountFromOtpValue(value, text(title), text(username)),
        domains: siteDomains([text(url)]),
      };
    },
  );
}
