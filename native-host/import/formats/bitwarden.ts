import { z } from "zod";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import type { Importer } from "../import-types";
import { accountFromOtpValue, collectEntries } from "./otp-fields";
import { looksLike, readEntry, readJson } from "./read-json";
import { siteDomains } from "./site-domains";

const Export = z.object({
  encrypted: z.boolean().optional(),
  items: z.array(z.unknown()),
});

/** Bitwarden item type 1 is a login; only logins carry a TOTP. */
const LOGIN = 1;

const Item = z.object({
  type: z.number().int(),
  name: z.string().nullish(),
  favorite: z.boolean().nullish(),
  login: z
    .object({
      username: z.string().nullish(),
      totp: z.string().nullish(),
      uris: z.array(z.object({ uri: z.string().nullish() })).nullish(),
    })
    .nullish(),
});

const FORMAT = "Bitwarden export";

/**
 * Bitwarden's unencrypted JSON export. A login's `totp` is an `otpauth://`
 * URI, a bare base32 secret (Bitwarden's default of SHA1, 6 digits, 30 s) or
 * `steam://SECRET`; its `uris` become the account's domain bindings, and a
 * favourite is pinned. Logins without a TOTP are passwords, and skipped.
 */
export const bitwarden: Importer = {
  format: "bitwarden",
  name: "Bitwarden JSON export",
  detect: (input) =>
    looksLike(input, z.object({ encrypted: z.boolean(), items: z.array(z.unknown()).optional() })) ||
    looksLike(input, z.object({ encrypted: z.boolean(), passwordProtected: z.boolean() })),
  async parse(input) {
    const encrypted = looksLike(input, z.object({ encrypted: z.literal(true) }));
    if (encrypted) {
      throw new TwofoldError(
        "IMPORT_INVALID",
        'This Bitwarden export is encrypted, and Twofold cannot decrypt it. In Bitwarden choose Export vault with file format ".json" (not "encrypted"), import that file, then delete it.',
      );
    }
    const data = readJson(input, Export, FORMAT);
    return collectEntries(
      data.items,
      (_, index) => `item ${index + 1}`,
      (value) => {
        const item = readEntry(Item, value);
        const totp = item.login?.totp?.trim() ?? "";
        if (item.type !== LOGIN || totp === "") return null;
        const name = item.name?.trim() ?? "";
        const username = item.login?.username?.trim() ?? "";
        const domains = siteDomains((item.login?.uris ?? []).map((entry) => entry.uri));
        const pinned = item.favorite === true;
        return { account: accountFromOtpValue(totp, name, username), domains, pinned };
      },
    );
  },
};
