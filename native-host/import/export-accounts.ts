import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HOTP, Secret, TOTP } from "otpauth";
import type { AccountRecord } from "../../src/otp/account";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { sealBackup } from "./backup-file";

/** `backup`: encrypted, complete, for `twofold import`. `otpauth`: plain URIs, for other apps. */
export type ExportFormat = "backup" | "otpauth";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["backup", "otpauth"];

export interface ExportOptions {
  format: ExportFormat;
  /** Required for `backup`; from `TWOFOLD_EXPORT_PASSWORD` on the command line. */
  password?: string | undefined;
}

/**
 * The text of an export of `records`. A backup holds everything Twofold
 * knows (bindings with their sources, pins) and needs a password; the
 * otpauth list holds what other authenticators understand, in plain text.
 */
export async function exportAccounts(records: readonly AccountRecord[], options: ExportOptions): Promise<string> {
  if (options.format === "otpauth") return records.map((record) => `${otpauthUri(record)}\n`).join("");
  const password = requireExportPassword(options.password);
  const plaintext = Buffer.from(JSON.stringify({ accounts: records }));
  return `${JSON.stringify(await sealBackup(plaintext, password), null, 2)}\n`;
}

/** The backup password, or an error saying where to give one. */
export function requireExportPassword(password: string | undefined): string {
  if (!password) {
    throw new TwofoldError(
      "BAD_REQUEST",
      "A backup is encrypted with a password: set TWOFOLD_EXPORT_PASSWORD to one and run export again. Keep that password; without it the backup cannot be read.",
    );
  }
  return password;
}

/** `twofold-backup-2025-01-31.json`: the file written when `--output` is not given. */
export function defaultExportName(format: ExportFormat, date: Date): string {
  const day = date.toISOString().slice(0, 10);
  return format === "backup" ? `twofold-backup-${day}.json` : `twofold-otpauth-${day}.txt`;
}

/**
 * The Key Uri Format URI of a record, made by the otpauth library. Steam
 * accounts get `encoder=steam`, which Twofold (and others) read back as Steam.
 */
export function otpauthUri(record: AccountRecord): string {
  const common = {
    issuer: record.issuer,
    label: record.label,
    secret: Secret.fromBase32(record.secret),
    algorithm: record.otp.algorithm,
    digits: record.otp.digits,
  };
  if (record.otp.kind === "hotp") return new HOTP({ ...common, counter: record.otp.counter }).toString();
  const uri = new TOTP({ ...common, period: record.otp.period }).toString();
  return record.otp.kind === "steam" ? `${uri}&encoder=steam` : uri;
}

/**
 * Writes an export readable only by its owner (mode 0600). An existing file
 * is refused unless `force`, and then replaced atomically, so a failed write
 * never leaves half a backup where a whole one was.
 */
export async function writeExportFile(path: string, text: string, force = false): Promise<void> {
  const target = force ? join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`) : path;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(target, "wx", 0o600);
  } catch (error) {
    throw fileError(error, path);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    if (force) await rename(target, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(target).catch(() => undefined);
    throw fileError(error, path);
  }
}

function fileError(error: unknown, path: string): TwofoldError {
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  if (code === "EEXIST") {
    return new TwofoldError(
      "ALREADY_EXISTS",
      `${path} already exists. Choose another file name, or pass --force to replace it.`,
    );
  }
  if (code === "EACCES" || code === "EPERM") {
    return new TwofoldError("ACCESS_DENIED", `Permission denied writing ${path}. Choose a folder you can write to.`);
  }
  if (code === "ENOENT") return new TwofoldError("NOT_FOUND", `Cannot write ${path}: its folder does not exist.`);
  const message = error instanceof Error ? error.message : String(error);
  return new TwofoldError("STORE_UNAVAILABLE", `Cannot write ${path}: ${message}`, { cause: error });
}
