import type { ImportFormat } from "../../src/protocol/methods";
import { otpauthList } from "./formats/otpauth-list";
import type { Importer } from "./import-types";

/**
 * Every format, in detection order: the most distinctive signatures first,
 * plain URI lists last since other formats can contain URIs.
 */
export const IMPORTERS: readonly Importer[] = [otpauthList];

export function importerFor(format: ImportFormat): Importer | undefined {
  return IMPORTERS.find((importer) => importer.format === format);
}
