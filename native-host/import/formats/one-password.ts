import type { Importer } from "../import-types";
import { type CsvColumns, csvEntries } from "./csv-entries";
import { csvHeader, readCsv } from "./read-csv";

/**
 * 1Password's CSV exports name their columns differently by version (1Password 8
 * writes "OTPAuth", older versions let a person pick fields such as
 * "one-time password"), so each field is found by any of its names.
 */
const COLUMNS: CsvColumns = {
  otp: ["otpauth", "one-time password", "one time password", "one-time password (otp)", "otp", "totp"],
  url: ["url", "website", "urls", "login url"],
  title: ["title", "name"],
  username: ["username", "user name", "login"],
};
const EXPECTED = 'a "one-time password", "otp" or "OTPAuth" column, with "title" and "url"';

/**
 * A 1Password CSV export whose one-time-password column holds `otpauth://`
 * URIs; the `url`/`website` column becomes the domain binding.
 */
export const onePassword: Importer = {
  format: "1password",
  name: "1Password CSV export",
  detect: (input) => {
    const header = csvHeader(input);
    if (header === null) return false;
    return header.some((name) => COLUMNS.otp.includes(name)) && header.some((name) => COLUMNS.title.includes(name));
  },
  async parse(input) {
    const format = "1Password CSV";
    return csvEntries(readCsv(input, format), COLUMNS, EXPECTED, format);
  },
};
