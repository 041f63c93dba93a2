import { appleCsv, csvLine, migrationUri, uriOf } from "./format-builders";
import { KNOWN } from "./known-accounts";
import type { Case } from "./malformed-case";
import { rawMigration, secret, text, truncatedMigration } from "./malformed-case";

const { github } = KNOWN;

/** Malformed text: Google migration URIs, CSV exports, otpauth lines. */
export const TEXT_CASES: Case[] = [
  // Google Authenticator migration URIs
  { name: "truncated protobuf", input: () => text(truncatedMigration()), expect: { invalid: /data is damaged/ } },
  {
    name: "garbage protobuf",
    input: () =>
      text(`otpauth-migration://offline?data=${Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]).toString("base64")}`),
    expect: { invalid: /data is damaged/ },
  },
  {
    name: "bad base64 in the migration URI",
    input: () => text("otpauth-migration://offline?data=abc$def!"),
    expect: { invalid: /not base64/ },
  },
  {
    name: "broken %-escape in the migration URI",
    input: () => text("otpauth-migration://offline?data=abc%ZZ"),
    expect: { invalid: /broken %-escape/ },
  },
  {
    name: "migration URI without data",
    input: () => text("otpauth-migration://offline?version=1"),
    expect: { invalid: /no data= parameter/ },
  },
  {
    name: "migration batch missing",
    input: () => text([0, 2].map((index) => migrationUri([github], { size: 3, index, id: 5 })).join("\n")),
    expect: { invalid: /missing — scan every QR code/, position: /^batch 2 of 3$/ },
  },
  {
    name: "migration batch index beyond its size",
    input: () => text(rawMigration([{}], { size: 2, index: 5, id: 5 })),
    expect: { invalid: /batch numbers/ },
  },
  {
    name: "migration account with MD5",
    input: () => text(rawMigration([{ algorithm: 4 }])),
    expect: { invalid: /MD5.*not supported/ },
  },
  {
    name: "migration account without a type",
    input: () => text(rawMigration([{ type: 0 }])),
    expect: { invalid: /type is not set/ },
  },
  {
    name: "migration account without a secret",
    input: () => text(rawMigration([{ secret: Buffer.alloc(0) }])),
    expect: { invalid: /no secret/ },
  },
  {
    name: "migration line among junk",
    input: () => text(`${migrationUri([github])}\nnot a uri`),
    expect: { invalid: /expected an otpauth-migration/ },
  },
  // CSV
  {
    name: "CSV with shifted columns",
    input: () =>
      text(
        `Title,URL,Username,Password,Notes,OTPAuth\n${csvLine(["a", "b", "https://x.example", "u", "p", "n", uriOf(github)])}\n`,
      ),
    expect: { invalid: /7 fields but the header has 6; the columns are shifted/ },
  },
  {
    name: "CSV header without the OTP column",
    input: () => text("Title,URL,Username,Password,Notes,Extra\nx,https://x.example,u,p,n,otpauth://totp/x\n"),
    format: "apple-passwords",
    expect: { error: "IMPORT_INVALID", message: /no otpauth column.*shifted/ },
  },
  {
    name: "CSV with an unterminated quote",
    input: () => text(`${appleCsv([github])}"x,https://cut.example`),
    expect: { error: "IMPORT_INVALID", message: /quoted field is never closed/ },
  },
  {
    name: "CSV with a misplaced quote",
    input: () => text(`Title,URL,Username,Password,Notes,OTPAuth\nx,y,u,p"q,n,${uriOf(github)}\n`),
    expect: { error: "IMPORT_INVALID", message: /quote is misplaced/ },
  },
  {
    name: "CSV with a migration URI in OTPAuth",
    input: () =>
      text(
        `Title,URL,Username,Password,Notes,OTPAuth\n${csvLine(["t", "https://x.example", "u", "p", "", migrationUri([github])])}\n`,
      ),
    expect: { invalid: /Google Authenticator export/ },
  },
  {
    name: "1Password CSV with a bad URI",
    input: () =>
      text(
        `title,website,username,password,one-time password\nGitHub,https://github.com,me,pw,otpauth://totp/x?secret=${secret}&digits=12\n`,
      ),
    expect: { invalid: /digits=12/ },
  },
  // otpauth lines
  {
    name: "otpauth with bad base32",
    input: () => text("otpauth://totp/x?secret=ABC1DEF8GH"),
    expect: { invalid: /not a base32 character/ },
  },
  {
    name: "otpauth with digits=12",
    input: () => text(`otpauth://totp/x?secret=${secret}&digits=12`),
    expect: { invalid: /digits=12/ },
  },
  {
    name: "otpauth with an unknown algorithm",
    input: () => text(`otpauth://totp/x?secret=${secret}&algorithm=MD5`),
    expect: { invalid: /algorithm MD5 is not supported/ },
  },
  {
    name: "otpauth HOTP without a counter",
    input: () => text(`otpauth://hotp/x?secret=${secret}`),
    expect: { invalid: /counter/ },
  },
  {
    name: "otpauth with a short secret",
    input: () => text("otpauth://totp/x?secret=ABC"),
    expect: { invalid: /at least 8 are needed/ },
  },
  {
    name: "a huge single line",
    input: () => text(`otpauth://totp/x?secret=${"A".repeat(8 * 1024 * 1024)}`),
    expect: { invalid: /longer than 4096/ },
  },
];
