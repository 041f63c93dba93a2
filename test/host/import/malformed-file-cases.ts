import { MAX_IMPORT_BYTES } from "../../../native-host/import/run-import";
import { encryptAegis, encryptTwoFasServices } from "./encrypt-fixtures";
import { andOtpEntry, bitwardenItem, twoFasBackup, twoFasServices, uriOf } from "./format-builders";
import { KNOWN } from "./known-accounts";
import { qrPng } from "./make-fixtures";
import {
  backup,
  blankPng,
  type Case,
  encryptedAegis,
  flip,
  jpegClaiming,
  json,
  PASSWORD,
  pngHeader,
  secret,
  text,
  unrecognised,
} from "./malformed-case";

const { github, vpn, steam } = KNOWN;

/** Malformed files: encrypted and JSON exports, backups, images, and anything else. */
export const FILE_CASES: Case[] = [
  // Aegis
  {
    name: "Aegis, wrong password",
    input: () => encryptedAegis(),
    password: "wrong",
    expect: { error: "IMPORT_INVALID", message: /The password does not open this Aegis vault/ },
  },
  {
    name: "Aegis, no password",
    input: () => encryptedAegis(),
    expect: { error: "IMPORT_INVALID", message: /TWOFOLD_IMPORT_PASSWORD.*options page/ },
  },
  {
    name: "Aegis, tampered database tag",
    input: () =>
      encryptedAegis((v) => {
        v.header.params.tag = flip(v.header.params.tag);
      }),
    password: PASSWORD,
    expect: { error: "IMPORT_INVALID", message: /altered or damaged/ },
  },
  {
    name: "Aegis, tampered slot tag",
    input: () =>
      encryptedAegis((v) => {
        for (const slot of v.header.slots) slot.key_params.tag = flip(slot.key_params.tag);
      }),
    password: PASSWORD,
    expect: { error: "IMPORT_INVALID", message: /does not open this Aegis vault/ },
  },
  // Bounded work: every scrypt cost is checked before any key is derived.
  {
    name: "Aegis, scrypt cost out of bounds",
    input: () =>
      encryptedAegis((v) => {
        Object.assign(v.header.slots[1] ?? {}, { n: 2 ** 30 });
      }),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /a password slot asks scrypt for 1,048,576 MiB of memory/ },
  },
  {
    name: "Aegis, scrypt N=2^20 r=32 (4 GiB)",
    input: () =>
      encryptedAegis((v) => {
        Object.assign(v.header.slots[1] ?? {}, { n: 2 ** 20, r: 32 });
      }),
    password: PASSWORD,
    expect: {
      error: "TOO_LARGE",
      message:
        /asks scrypt for 4,096 MiB of memory \(N=1048576, r=32\); Twofold allows at most 256 MiB\. Nothing was imported/,
    },
  },
  {
    name: "Aegis, scrypt p=17",
    input: () =>
      encryptedAegis((v) => {
        Object.assign(v.header.slots[1] ?? {}, { p: 17 });
      }),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /asks scrypt for p=17 passes; Twofold allows at most 16/ },
  },
  {
    name: "Aegis, 33 key slots",
    input: () =>
      encryptedAegis((v) => {
        const [biometric, password] = v.header.slots;
        v.header.slots = [...Array.from({ length: 32 }, () => biometric), password].filter(
          (slot) => slot !== undefined,
        );
      }),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /it has 33 key slots; Twofold reads at most 32/ },
  },
  {
    name: "Aegis, 16 password slots of 128 MiB each",
    input: () =>
      encryptedAegis((v) => {
        const password = { ...v.header.slots[1], n: 2 ** 17, r: 8 } as (typeof v.header.slots)[number];
        v.header.slots = Array.from({ length: 16 }, () => password);
      }),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /its 16 password slots together ask scrypt for 2048 MiB of work/ },
  },
  {
    name: "Aegis, decrypted contents nested 100 deep",
    input: () => json(encryptAegis(nested(100), PASSWORD)),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /This Aegis vault nests deeper than 64 levels once decrypted/ },
  },
  {
    name: "Aegis, encrypted without a password slot",
    input: () => json({ version: 1, header: { slots: [], params: null }, db: "AAAA" }),
    expect: { error: "IMPORT_INVALID", message: /no password slot/ },
  },
  {
    name: "Aegis, wrong types",
    input: () => json({ version: 1, header: { slots: "x", params: null }, db: { entries: [] } }),
    expect: { error: "IMPORT_INVALID", message: /header\.slots is wrong/ },
  },
  {
    name: "Aegis, unsupported entry type",
    input: () =>
      json({
        version: 1,
        header: { slots: null, params: null },
        db: { entries: [{ type: "yandex", name: "a", issuer: "b", info: { secret } }] },
      }),
    expect: { invalid: /"yandex"; Twofold supports/ },
  },
  {
    name: "Aegis, 12 digits",
    input: () =>
      json({
        version: 1,
        header: { slots: null, params: null },
        db: { entries: [{ type: "totp", name: "a", issuer: "b", info: { secret, digits: 12 } }] },
      }),
    expect: { invalid: /12 digits/ },
  },
  // 2FAS
  {
    name: "2FAS, encrypted without a password",
    input: () => json(twoFasBackup([], encryptTwoFasServices(twoFasServices([github]), PASSWORD))),
    expect: { error: "IMPORT_INVALID", message: /2FAS backup is encrypted.*TWOFOLD_IMPORT_PASSWORD/ },
  },
  {
    name: "2FAS, encrypted, wrong password",
    input: () => json(twoFasBackup([], encryptTwoFasServices(twoFasServices([github]), PASSWORD))),
    password: "wrong",
    expect: { error: "IMPORT_INVALID", message: /does not open this 2FAS backup/ },
  },
  {
    name: "2FAS, decrypted services nested 100 deep",
    input: () => json(twoFasBackup([], encryptTwoFasServices([nested(100)], PASSWORD))),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /This 2FAS backup nests deeper than 64 levels once decrypted/ },
  },
  {
    name: "2FAS, secret of the wrong type",
    input: () => json(twoFasBackup([{ name: "x", secret: 123, otp: {} }])),
    expect: { invalid: /secret is wrong \(expected string\)/ },
  },
  // Bitwarden
  {
    name: "Bitwarden, password-protected export",
    input: () =>
      json({
        encrypted: true,
        passwordProtected: true,
        salt: "c2FsdA==",
        kdfType: 0,
        kdfIterations: 600000,
        encKeyValidation_DO_NOT_EDIT: "2.x|y|z",
        data: "2.a|b|c",
      }),
    expect: { error: "IMPORT_INVALID", message: /Bitwarden export is encrypted.*"\.json"/ },
  },
  {
    name: "Bitwarden, account-encrypted export",
    input: () =>
      json({
        encrypted: true,
        encKeyValidation_DO_NOT_EDIT: "2.x|y|z",
        folders: [],
        items: [{ type: 1, name: "2.a|b|c" }],
      }),
    expect: { error: "IMPORT_INVALID", message: /Bitwarden export is encrypted/ },
  },
  {
    name: "Bitwarden, Steam with a bad secret",
    input: () => json({ encrypted: false, items: [bitwardenItem(steam, "steam://!!!!!!!!")] }),
    expect: { invalid: /not a base32 character/ },
  },
  {
    name: "Bitwarden, a public suffix as the site",
    input: () =>
      json({
        encrypted: false,
        items: [
          {
            ...(bitwardenItem(github, uriOf(github)) as object),
            login: { totp: uriOf(github), uris: [{ uri: "https://co.uk" }] },
          },
        ],
      }),
    expect: { invalid: /public suffix/ },
  },
  // andOTP
  {
    name: "andOTP, HOTP without a counter",
    input: () => json([{ ...(andOtpEntry(vpn) as object), counter: undefined }]),
    expect: { invalid: /HOTP but has no counter/ },
  },
  {
    name: "andOTP, Steam with a bad secret",
    input: () => json([{ ...(andOtpEntry(steam) as object), secret: "1111" }]),
    expect: { invalid: /not base32/ },
  },
  {
    name: "andOTP, wrong types",
    input: () => json([{ secret: 5, type: "TOTP", label: "x" }]),
    format: "andotp",
    expect: { invalid: /secret is wrong \(expected string\)/ },
  },
  {
    name: "andOTP, unknown algorithm",
    input: () => json([{ ...(andOtpEntry(github) as object), algorithm: "MD5" }]),
    expect: { invalid: /algorithm "MD5" is not supported/ },
  },
  // Twofold backups
  {
    name: "Twofold backup, wrong password",
    input: async () => text(await backup()),
    password: "wrong",
    expect: { error: "IMPORT_INVALID", message: /does not open this Twofold backup/ },
  },
  {
    name: "Twofold backup, no password",
    input: async () => text(await backup()),
    expect: { error: "IMPORT_INVALID", message: /TWOFOLD_IMPORT_PASSWORD/ },
  },
  {
    name: "Twofold backup, scrypt cost lowered",
    input: async () => text((await backup()).replace('"N": 32768', '"N": 1024')),
    password: PASSWORD,
    expect: { error: "IMPORT_INVALID", message: /does not open this Twofold backup/ },
  },
  {
    name: "Twofold backup, scrypt N=2^20 r=32 (4 GiB)",
    input: async () => text((await backup()).replace('"N": 32768', '"N": 1048576').replace('"r": 8', '"r": 32')),
    password: PASSWORD,
    expect: { error: "TOO_LARGE", message: /its header asks scrypt for 4,096 MiB of memory/ },
  },
  // Images
  {
    name: "a PNG with no QR code",
    input: () => blankPng(64, 64),
    expect: { error: "IMPORT_INVALID", message: /No QR code found in the image/ },
  },
  {
    name: "a truncated PNG",
    input: async () => (await qrPng(uriOf(github))).subarray(0, 200),
    expect: { error: "IMPORT_INVALID", message: /PNG is cut short or damaged/ },
  },
  {
    name: "a PNG claiming 100k × 100k pixels",
    input: () => pngHeader(100_000, 100_000),
    expect: { error: "TOO_LARGE", message: /larger than 50 megapixels/ },
  },
  {
    name: "a JPEG header with garbage",
    input: () =>
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF garbage garbage garbage")]),
    expect: { error: "IMPORT_INVALID", message: /JPEG is cut short or damaged/ },
  },
  {
    name: "a JPEG claiming 60k × 60k pixels",
    input: () => jpegClaiming(60_000, 60_000),
    expect: { error: "TOO_LARGE", message: /larger than 50 megapixels/ },
  },
  {
    name: "a QR code that is not 2FA",
    input: () => qrPng("https://example.com/hello"),
    expect: { error: "IMPORT_INVALID", message: /not a two-factor code/ },
  },
  // Anything else
  {
    name: "an empty file",
    input: () => Buffer.alloc(0),
    expect: { error: "IMPORT_INVALID", message: /file is empty/ },
  },
  {
    name: "16 MiB + 1 byte",
    input: () => ({ bytes: Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61), text: null }),
    expect: { error: "TOO_LARGE", message: /Twofold reads at most 16777216 \(16 MiB\)/ },
  },
  {
    name: "binary junk",
    input: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    expect: unrecognised,
  },
  { name: "JSON that is none of the formats", input: () => json({ accounts: [{ name: "x" }] }), expect: unrecognised },
  // Refused before parsing: 30 MB of this once took 1.5 GiB before it was refused.
  {
    name: "deeply nested JSON",
    input: () => text(`${"[".repeat(200_000)}${"]".repeat(200_000)}`),
    expect: { error: "TOO_LARGE", message: /^This file nests deeper than 64 levels; no export Twofold reads does/ },
  },
  {
    name: "deeply nested JSON named as Aegis",
    input: () => text(`${"[".repeat(200_000)}${"]".repeat(200_000)}`),
    format: "aegis",
    expect: { error: "TOO_LARGE", message: /^This file nests deeper than 64 levels/ },
  },
  {
    name: "JSON of a million and one values",
    input: () => text(`[${"{},".repeat(1_000_001)}{}]`),
    expect: { error: "TOO_LARGE", message: /^This file holds more than 1,000,000 values/ },
  },
  {
    name: "UTF-16 text",
    input: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(uriOf(github), "utf16le")]),
    expect: { error: "IMPORT_INVALID", message: /UTF-16/ },
  },
  {
    name: "a URI list named as Aegis",
    input: () => text(uriOf(github)),
    format: "aegis",
    expect: { error: "IMPORT_INVALID", message: /not a valid Aegis vault file: it is not JSON/ },
  },
];

/** `[[[…[]…]]]`, `depth` arrays deep. */
function nested(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}
