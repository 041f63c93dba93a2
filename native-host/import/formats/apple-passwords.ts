import type { Importer } from "../import-types";
import { csvEntries } from "./csv-entries";
import { csvHeader, readCsv } from "./read-csv";

const HEADER = ["title", "url", "username", "password", "notes", "otpauth"];
const EXPECTED = "Title,URL,Username,Password,Notes,OTPAuth";

/**
 * The CSV that Apple Passwords (and Safari's Export Passwords) writes:
 * `Title,URL,Username,Password,Notes,OTPAuth`. Its `OTPAuth` column is the
 * only way to bring Apple's verification codes out (docs/architecture.md,
 * "macOS keychains"); `URL` becomes the account's domain binding.
 */
export const applePasswords: Importer = {
  format: "apple-passwords",
  name: "Apple Passwords CSV export",
  detect: (input) => {
    const header = csvHeader(input);
    return header !== null && header.length === HEADER.length && HEADER.every((name) => header.includes(name));
  },
  async parse(input) {
    const format = "Apple Passwords CSV";
    return csvEntries(
      readCsv(input, format),
      { otp: ["otpauth"], url: ["url"], title: ["title"], username: ["username"] },
      EXPECTED,
      format,
    );
  },
};
