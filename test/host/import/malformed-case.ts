import { encode as encodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";
import { AccountService } from "../../../native-host/accounts/account-service";
import { exportAccounts } from "../../../native-host/import/export-accounts";
import { MigrationPayload } from "../../../native-host/import/formats/google-migration-payload";
import type { ImportInput } from "../../../native-host/import/import-types";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import type { ImportFormat } from "../../../src/protocol/methods";
import { encryptAegis } from "./encrypt-fixtures";
import { aegisDatabase, migrationUri, uriOf } from "./format-builders";
import { KNOWN } from "./known-accounts";

const { github, vpn } = KNOWN;
export const PASSWORD = "right password";
export const json = (value: unknown) => Buffer.from(JSON.stringify(value));
export const text = (value: string) => Buffer.from(value);
export const secret = github.params.secret;

/** A migration URI from raw OtpParameters, for values the fixture builder never writes. */
export function rawMigration(otp: Record<string, unknown>[], batch = { size: 1, index: 0, id: 7 }): string {
  const payload = MigrationPayload.create({
    otpParameters: otp.map((fields) => ({ secret: Buffer.from("0123456789"), name: "x", type: 2, ...fields })),
    version: 1,
    batchSize: batch.size,
    batchIndex: batch.index,
    batchId: batch.id,
  });
  const data = Buffer.from(MigrationPayload.encode(payload).finish()).toString("base64");
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}

export function truncatedMigration(): string {
  const data = decodeURIComponent(migrationUri([github, vpn]).split("data=")[1] ?? "");
  const cut = Buffer.from(data, "base64").subarray(0, -7).toString("base64");
  return `otpauth-migration://offline?data=${encodeURIComponent(cut)}`;
}

export function encryptedAegis(
  change?: (vault: { header: { params: { tag: string }; slots: { key_params: { tag: string } }[] } }) => void,
) {
  const vault = encryptAegis(aegisDatabase([github, vpn]), PASSWORD) as Parameters<NonNullable<typeof change>>[0];
  change?.(vault);
  return json(vault);
}

/** Flips the first hex digit of a tag, as a bit of corruption would. */
export const flip = (hex: string) => (hex[0] === "0" ? "1" : "0") + hex.slice(1);

export function blankPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

/** A PNG header claiming `width` × `height`, with no pixels behind it. */
export function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.from(blankPng(1, 1));
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

/** A real JPEG whose frame header (SOF0) is changed to claim `width` × `height`. */
export function jpegClaiming(width: number, height: number): Buffer {
  const png = blankPng(16, 16);
  const decoded = PNG.sync.read(png);
  const jpeg = Buffer.from(encodeJpeg({ data: decoded.data, width: 16, height: 16 }, 90).data);
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}

/** A backup of one account, made without touching any store. */
export function backup(): Promise<string> {
  const service = new AccountService(new FileVaultStore("/nonexistent/twofold-malformed.json"));
  return exportAccounts([service.prepare({ uri: uriOf(github) })], { format: "backup", password: PASSWORD });
}

/** A clear error of `code` whose message matches, or a report listing a problem whose reason matches. */
export type Expect = { error: string; message: RegExp } | { invalid: RegExp; position?: RegExp };
/** One malformed input and what importing it must give. */
export interface Case {
  name: string;
  input: () => Buffer | ImportInput | Promise<Buffer | ImportInput>;
  format?: ImportFormat;
  password?: string;
  expect: Expect;
}

export const unrecognised: Expect = { error: "IMPORT_INVALID", message: /does not recognise this file's format/ };
