import { z } from "zod";
import type { Importer } from "../import-types";
import { accountFromFields, collectEntries, splitName } from "./otp-fields";
import { looksLike, readEntry, readJson } from "./read-json";

const Entry = z.object({
  secret: z.string(),
  issuer: z.string().optional(),
  label: z.string().default(""),
  digits: z.number().optional(),
  type: z.string(),
  algorithm: z.string().optional(),
  period: z.number().optional(),
  counter: z.number().optional(),
  tags: z.array(z.string()).optional(),
});

/**
 * andOTP's plain JSON backup: an array of entries with `secret`, `issuer`,
 * `label`, `type` (TOTP, HOTP, STEAM), `algorithm`, `digits`, `period` and,
 * for HOTP, `counter`. Backups from before andOTP 0.7 have no `issuer` and
 * write "Issuer:label" in `label`. Its encrypted `.json.aes` backups are
 * binary and not read here.
 */
export const andOtp: Importer = {
  format: "andotp",
  name: "andOTP JSON backup",
  detect: (input) =>
    looksLike(input, z.array(z.object({ secret: z.string(), type: z.string(), label: z.string() }).loose()).min(1)),
  async parse(input) {
    const entries = readJson(input, z.array(z.unknown()), "andOTP backup");
    return collectEntries(
      entries,
      (_, index) => `entry ${index + 1}`,
      (value) => {
        const entry = readEntry(Entry, value);
        const { issuer, label } = splitName(entry.label, entry.issuer ?? "");
        const account = accountFromFields({
          kind: entry.type,
          issuer,
          label,
          secret: entry.secret,
          algorithm: entry.algorithm,
          digits: entry.digits,
          period: entry.period,
          counter: entry.counter,
        });
        return { account, domains: [] };
      },
    );
  },
};
