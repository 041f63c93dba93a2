import type { DomainBinding } from "../../src/domains/domain-binding";
import { normalizeBindingHost } from "../../src/domains/normalize-binding-host";
import { type AccountRecord, summarize } from "../../src/otp/account";
import type { ImportFormat, ImportReport } from "../../src/protocol/methods";
import { isTwofoldError, TwofoldError } from "../../src/protocol/twofold-error";
import { accountKey } from "../accounts/account-key";
import type { AccountService } from "../accounts/account-service";
import { jsonTooComplex, tooComplexError } from "./formats/read-json";
import type { ImportInput } from "./import-types";
import { IMPORTERS, importerFor } from "./importers";

export interface ImportOptions {
  format?: ImportFormat | undefined;
  dryRun?: boolean | undefined;
  /** Apply the good entries even when some are invalid. */
  partial?: boolean | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Largest import accepted. An export of 10,000 accounts is a few MiB and a
 * photo of a QR code rarely more than 10; beyond this, reading a hostile
 * file would cost more memory than the host should spend.
 */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/**
 * Reads an export, reports what it would add, skip and reject, and — unless
 * this is a dry run, or some entries are invalid without `partial` — adds the
 * new accounts in one all-or-nothing step.
 */
export async function runImport(
  service: AccountService,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (input.bytes.length > MAX_IMPORT_BYTES) {
    throw new TwofoldError(
      "TOO_LARGE",
      `The import is ${input.bytes.length} bytes; Twofold reads at most ${MAX_IMPORT_BYTES} (16 MiB). Nothing was imported; split the export, or import a smaller picture of the QR code.`,
    );
  }
  if (input.bytes.length === 0 || input.text?.trim() === "") {
    throw new TwofoldError("IMPORT_INVALID", "The file is empty. Export your accounts again and import the new file.");
  }
  if (isUtf16(input.bytes)) {
    // Windows tools (Notepad, PowerShell's `>`) save text as UTF-16; every format here is UTF-8.
    throw new TwofoldError("IMPORT_INVALID", "This file is UTF-16 text. Save it as UTF-8 and import it again.");
  }
  // Before any importer looks: detection parses JSON, and parsing is what a hostile file makes costly.
  const tooComplex = jsonTooComplex(input);
  if (tooComplex !== null) throw tooComplexError(`This file ${tooComplex}`);
  const importer = options.format
    ? importerFor(options.format)
    : IMPORTERS.find((candidate) => candidate.detect(input));
  if (importer === undefined) {
    throw new TwofoldError(
      "IMPORT_INVALID",
      `Twofold does not recognise this file's format. Name it with --format (${IMPORTERS.map((i) => i.format).join(", ")}).`,
    );
  }
  const parsed = await importer.parse(input).catch((error: unknown) => {
    if (isTwofoldError(error)) throw error;
    // A bug or a library's own exception must not crash the host; its text may quote the file.
    throw new TwofoldError(
      "IMPORT_INVALID",
      `This file could not be read as ${importer.name}. Check that it is a complete, unmodified export.`,
      { cause: error },
    );
  });
  const existing = await service.records();
  const report: ImportReport = {
    format: importer.format,
    applied: false,
    added: [],
    duplicates: [],
    invalid: [...parsed.invalid],
  };
  const seen = new Set(existing.map(accountKey));
  const toAdd = [];
  for (const [index, entry] of parsed.entries.entries()) {
    let record: AccountRecord;
    try {
      record = service.build(entry.account, entry.domains, "import", entry.pinned ?? false);
      if (entry.bindings !== undefined) record = { ...record, domains: restoreBindings(entry.bindings) };
    } catch (error) {
      report.invalid.push({ position: entry.position, reason: isTwofoldError(error) ? error.message : String(error) });
      continue;
    }
    const key = accountKey(record);
    if (seen.has(key)) {
      report.duplicates.push({ issuer: record.issuer, label: record.label });
    } else {
      seen.add(key);
      toAdd.push(record);
    }
    options.onProgress?.(index + 1, parsed.entries.length);
  }
  report.added = toAdd.map((record) => {
    const { issuer, label, domains } = summarize(record);
    return { issuer, label, domains };
  });
  const blocked = report.invalid.length > 0 && !options.partial;
  if (!options.dryRun && !blocked && toAdd.length > 0) {
    await service.addRecords(toAdd);
    report.applied = true;
  }
  return report;
}

/** A backup's bindings, each host checked again as if typed, duplicates dropped. */
function restoreBindings(bindings: readonly DomainBinding[]): DomainBinding[] {
  const byHost = new Map<string, DomainBinding>();
  for (const binding of bindings) {
    const host = normalizeBindingHost(binding.host);
    if (!byHost.has(host)) byHost.set(host, { host, source: binding.source });
  }
  return [...byHost.values()];
}

/** A UTF-16 byte order mark, little- or big-endian. */
function isUtf16(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}
