import { encode as encodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { AccountService } from "../../../native-host/accounts/account-service";
import { exportAccounts } from "../../../native-host/import/export-accounts";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import type { ImportFormat } from "../../../src/protocol/methods";
import { encryptAegis, encryptTwoFasServices } from "./encrypt-fixtures";
import {
  aegisDatabase,
  andOtpEntry,
  appleCsv,
  bitwardenItem,
  migrationUri,
  onePasswordCsv,
  twoFasBackup,
  twoFasServices,
  uriOf,
} from "./format-builders";
import { ALL, type Comparable, comparable, expectedRecord, KNOWN, type KnownAccount, parsedOf } from "./known-accounts";

/** One export file, the format it is in, and exactly what importing it must store. */
export interface Fixture {
  name: string;
  format: ImportFormat;
  bytes: Buffer;
  password?: string;
  expected: Comparable[];
}

export const FIXTURE_PASSWORD = "correct horse battery staple";
const { github, buecher, example, vpn, steam, japan } = KNOWN;
const notSteam = ALL.filter((account) => account.params.kind !== "steam");

/** A PNG of a QR code holding `text`. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 6 });
}

/** The same QR code as a JPEG, as a phone photo or screenshot tool might save it. */
export async function qrJpeg(text: string): Promise<Buffer> {
  const png = PNG.sync.read(await qrPng(text));
  return encodeJpeg({ data: png.data, width: png.width, height: png.height }, 90).data;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
const text = (value: string) => Buffer.from(value);

/** Every format, built from the table of known accounts. */
export async function makeFixtures(): Promise<Fixture[]> {
  const plain = ALL.map((account) => expectedRecord(account));
  const pins = ALL.map((account) => expectedRecord(account, { pins: true }));
  const urls = (accounts: readonly KnownAccount[]) =>
    accounts.map((account) => expectedRecord(account, { urls: true }));
  const googleAccounts = [github, buecher, vpn, japan];
  const batches = [[github, buecher], [vpn], [japan]].map((accounts, index) =>
    migrationUri(accounts, { size: 3, index, id: 987_654 }),
  );
  const services = twoFasServices(ALL);
  const bitwardenExport = {
    encrypted: false,
    folders: [],
    items: [
      ...[github, buecher, example, vpn].map((account) => bitwardenItem(account, uriOf(account))),
      bitwardenItem(steam, `steam://${steam.params.secret}`),
      bitwardenItem(
        japan,
        japan.params.secret
          .toLowerCase()
          .replace(/(.{4})/g, "$1 ")
          .trim(),
      ),
      { type: 1, name: "No 2FA here", favorite: false, login: { username: "x", password: "y", totp: null, uris: [] } },
      { type: 2, name: "A secure note", favorite: false, secureNote: { type: 0 }, notes: "text" },
    ],
  };
  const backupRecords = ALL.map((account) =>
    new AccountService(new FileVaultStore("/nonexistent/v.json")).build(
      parsedOf(account),
      account.url ? [account.url] : [],
      "user",
      account.pinned === true,
    ),
  );
  const fixtures: Fixture[] = [
    {
      name: "otpauth list",
      format: "otpauth",
      bytes: text(`# exported\n\n${ALL.map(uriOf).join("\n")}\n`),
      expected: plain,
    },
    {
      name: "Google migration, 3 batches",
      format: "google-migration",
      bytes: text(`${batches.join("\n")}\n`),
      expected: googleAccounts.map((a) => expectedRecord(a)),
    },
    {
      name: "PNG of an otpauth QR",
      format: "qr-image",
      bytes: await qrPng(uriOf(github)),
      expected: [expectedRecord(github)],
    },
    {
      name: "JPEG of an otpauth QR",
      format: "qr-image",
      bytes: await qrJpeg(uriOf(example)),
      expected: [expectedRecord(example)],
    },
    {
      name: "PNG of a migration QR",
      format: "qr-image",
      bytes: await qrPng(migrationUri([buecher, vpn])),
      expected: [buecher, vpn].map((a) => expectedRecord(a)),
    },
    {
      name: "JPEG of a migration QR",
      format: "qr-image",
      bytes: await qrJpeg(migrationUri([japan])),
      expected: [expectedRecord(japan)],
    },
    {
      name: "Aegis, plain",
      format: "aegis",
      bytes: json({ version: 1, header: { slots: null, params: null }, db: aegisDatabase(ALL) }),
      expected: pins,
    },
    {
      name: "Aegis, encrypted",
      format: "aegis",
      bytes: json(encryptAegis(aegisDatabase(ALL), FIXTURE_PASSWORD)),
      password: FIXTURE_PASSWORD,
      expected: pins,
    },
    { name: "2FAS, plain", format: "2fas", bytes: json(twoFasBackup(services)), expected: plain },
    {
      name: "2FAS, encrypted",
      format: "2fas",
      bytes: json(twoFasBackup(services, encryptTwoFasServices(services, FIXTURE_PASSWORD))),
      password: FIXTURE_PASSWORD,
      expected: plain,
    },
    {
      name: "Bitwarden",
      format: "bitwarden",
      bytes: json(bitwardenExport),
      expected: ALL.map((a) => expectedRecord(a, { urls: true, pins: true })),
    },
    {
      name: "andOTP",
      format: "andotp",
      bytes: json(ALL.map((account) => andOtpEntry(account, account === github))),
      expected: plain,
    },
    {
      name: "Apple Passwords CSV",
      format: "apple-passwords",
      bytes: text(appleCsv(notSteam)),
      expected: urls(notSteam),
    },
    { name: "1Password CSV", format: "1password", bytes: text(onePasswordCsv(notSteam)), expected: urls(notSteam) },
    {
      name: "Twofold backup",
      format: "twofold-backup",
      bytes: text(await exportAccounts(backupRecords, { format: "backup", password: FIXTURE_PASSWORD })),
      password: FIXTURE_PASSWORD,
      expected: backupRecords.map(comparable),
    },
  ];
  return fixtures;
}
