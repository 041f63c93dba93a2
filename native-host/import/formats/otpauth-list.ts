import { parseOtpUri } from "../../../src/otp/parse-otpauth-uri";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import type { Importer, ImportParse } from "../import-types";

/**
 * Plain `otpauth://` URIs, one per line (Ente Auth, many others). Blank lines
 * and `#` comments are skipped; any other line must be a URI.
 */
export const otpauthList: Importer = {
  format: "otpauth",
  name: "otpauth:// URI list",
  detect: (input) => input.text !== null && /^\s*(otpauth|steam):\/\//im.test(input.text.slice(0, 65_536)),
  async parse(input) {
    const result: ImportParse = { entries: [], invalid: [] };
    const lines = (input.text ?? "").split(/\r?\n/);
    lines.forEach((raw, index) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const position = `line ${index + 1}`;
      try {
        result.entries.push({ position, account: parseOtpUri(line), domains: [] });
      } catch (error) {
        result.invalid.push({ position, reason: isTwofoldError(error) ? error.message : String(error) });
      }
    });
    return result;
  },
};
