import type { ImportFormat } from "../../src/protocol/methods";
import { aegis } from "./formats/aegis";
import { andOtp } from "./formats/andotp";
import { applePasswords } from "./formats/apple-passwords";
import { bitwarden } from "./formats/bitwarden";
import { googleMigration } from "./formats/google-migration";
import { onePassword } from "./formats/one-password";
import { otpauthList } from "./formats/otpauth-list";
import { qrImage } from "./formats/qr-image";
import { twoFas } from "./formats/two-fas";
import { twofoldBackup } from "./formats/twofold-backup";
import type { Importer } from "./import-types";

/**
 * Every format, in detection order: binary images by their magic bytes;
 * JSON formats by their own top-level keys (Twofold's `format` tag first);
 * CSV exports by their header, Apple's exact header before 1Password's
 * looser one; then text lists, Google's migration URIs before plain otpauth
 * URIs since a file of the latter can still mention the former.
 */
export const IMPORTERS: readonly Importer[] = [
  qrImage,
  twofoldBackup,
  aegis,
  twoFas,
  bitwarden,
  andOtp,
  applePasswords,
  onePassword,
  googleMigration,
  otpauthList,
];

export function importerFor(format: ImportFormat): Importer | undefined {
  return IMPORTERS.find((importer) => importer.format === format);
}
