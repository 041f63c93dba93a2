import type { DomainBinding } from "../../src/domains/domain-binding";
import type { ParsedOtpUri } from "../../src/otp/parse-otpauth-uri";
import type { ImportFormat } from "../../src/protocol/methods";

/** The bytes of an import, and their text when they decode as UTF-8. */
export interface ImportInput {
  bytes: Buffer;
  /** `null` for binary input (images). */
  text: string | null;
  /** For encrypted exports (Aegis, Twofold backups). */
  password?: string | undefined;
}

/** One account an importer found, before it becomes a record. */
export interface ImportedEntry {
  /** Where it was in the file, as a person would find it ("line 3", "entry 7"). */
  position: string;
  account: ParsedOtpUri;
  /** Sites it was used on (Apple Passwords' URL column, Bitwarden's URIs…). */
  domains: string[];
  /**
   * Exact bindings with their sources, from a Twofold backup. When present
   * they replace `domains` and the issuer's default domains, so a restored
   * account is bound exactly as it was (even to nothing).
   */
  bindings?: DomainBinding[];
  pinned?: boolean;
}

/** What an importer read: the accounts, and the entries it could not take. */
export interface ImportParse {
  entries: ImportedEntry[];
  invalid: { position: string; reason: string }[];
}

/** One export format Twofold reads. */
export interface Importer {
  format: ImportFormat;
  /** A person-readable name for messages ("Aegis JSON"). */
  name: string;
  /** True when `input` looks like this format; cheap, never throws. */
  detect(input: ImportInput): boolean;
  /**
   * Reads every entry. Entry-level problems go in `invalid`; a file that is
   * not this format at all, or cannot be decrypted, throws `IMPORT_INVALID`.
   */
  parse(input: ImportInput): Promise<ImportParse>;
}
