import { HOTP, Secret, TOTP } from "otpauth";
import { MigrationPayload } from "../../../native-host/import/formats/google-migration-payload";
import type { KnownAccount } from "./known-accounts";

/** The Key Uri Format URI of a known account, made with the otpauth library. */
export function uriOf(account: KnownAccount): string {
  const { params } = account;
  const common = {
    issuer: account.issuer,
    label: account.label,
    secret: Secret.fromBase32(params.secret),
    algorithm: params.algorithm,
    digits: params.digits,
  };
  if (params.kind === "hotp") return new HOTP({ ...common, counter: params.counter }).toString();
  const uri = new TOTP({ ...common, period: params.period }).toString();
  return params.kind === "steam" ? `${uri}&encoder=steam` : uri;
}

/** A Google Authenticator export URI holding `accounts` as one batch. */
export function migrationUri(accounts: readonly KnownAccount[], batch = { size: 1, index: 0, id: 1_234_567 }): string {
  const payload = MigrationPayload.create({
    otpParameters: accounts.map((account, index) => ({
      secret: Secret.fromBase32(account.params.secret).bytes,
      // Google writes "Issuer:label" for some accounts and the bare label for others.
      name: index % 2 === 0 ? `${account.issuer}:${account.label}` : account.label,
      issuer: account.issuer,
      algorithm: { SHA1: 1, SHA256: 2, SHA512: 3 }[account.params.algorithm],
      digits: account.params.digits === 8 ? 2 : 1,
      type: account.params.kind === "hotp" ? 1 : 2,
      counter: account.params.counter,
    })),
    version: 1,
    batchSize: batch.size,
    batchIndex: batch.index,
    batchId: batch.id,
  });
  const data = Buffer.from(MigrationPayload.encode(payload).finish()).toString("base64");
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}

export function aegisDatabase(accounts: readonly KnownAccount[]): { version: number; entries: unknown[]; groups: [] } {
  return {
    version: 3,
    entries: accounts.map((account, index) => ({
      type: account.params.kind,
      uuid: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      name: account.label,
      issuer: account.issuer,
      note: "",
      favorite: account.pinned === true,
      icon: null,
      info: {
        secret: account.params.secret,
        algo: account.params.algorithm,
        digits: account.params.digits,
        period: account.params.period,
        ...(account.params.kind === "hotp" ? { counter: account.params.counter } : {}),
      },
      groups: [],
    })),
    groups: [],
  };
}

export function twoFasServices(accounts: readonly KnownAccount[]): unknown[] {
  return accounts.map((account, index) => ({
    name: account.issuer,
    secret: account.params.secret,
    updatedAt: 1_700_000_000_000,
    otp: {
      label: `${account.issuer}:${account.label}`,
      account: account.label,
      issuer: account.issuer,
      digits: account.params.digits,
      period: account.params.period,
      algorithm: account.params.algorithm,
      tokenType: account.params.kind.toUpperCase(),
      source: "Link",
      ...(account.params.kind === "hotp" ? { counter: account.params.counter } : {}),
    },
    order: { position: index },
    icon: { selected: "Label", label: { text: account.issuer.slice(0, 2), backgroundColor: "Orange" } },
  }));
}

export function twoFasBackup(services: unknown[], encrypted?: string): unknown {
  return {
    services: encrypted ? [] : services,
    ...(encrypted ? { servicesEncrypted: encrypted, reference: "c2FtcGxl:c2FsdA==:aXY=" } : {}),
    groups: [],
    updatedAt: 1_700_000_000_000,
    schemaVersion: 4,
    appVersionCode: 5_000_000,
    appVersionName: "5.0.0",
    appOrigin: "android",
  };
}

export function bitwardenItem(account: KnownAccount, totp: string): unknown {
  return {
    id: `b0000000-0000-4000-8000-${account.key.padStart(12, "0").slice(-12)}`,
    organizationId: null,
    folderId: null,
    type: 1,
    reprompt: 0,
    name: account.issuer,
    notes: null,
    favorite: account.pinned === true,
    login: {
      uris: account.url
        ? [
            { match: null, uri: account.url },
            { match: null, uri: "androidapp://com.example.app" },
          ]
        : [],
      username: account.label,
      password: "hunter2",
      totp,
    },
    collectionIds: null,
  };
}

export function andOtpEntry(account: KnownAccount, legacy = false): unknown {
  return {
    secret: account.params.secret,
    ...(legacy ? { label: `${account.issuer}:${account.label}` } : { issuer: account.issuer, label: account.label }),
    digits: account.params.digits,
    type: account.params.kind.toUpperCase(),
    algorithm: account.params.algorithm,
    thumbnail: "Default",
    last_used: 1_700_000_000_000,
    used_frequency: 3,
    period: account.params.period,
    ...(account.params.kind === "hotp" ? { counter: account.params.counter } : {}),
    tags: ["work"],
  };
}

/** One CSV line, every field quoted (RFC 4180), as Apple and 1Password write them. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(",");
}

export function appleCsv(accounts: readonly KnownAccount[]): string {
  const rows = accounts.map((account) =>
    csvLine([
      `${account.issuer} (${account.label})`,
      account.url ?? "",
      account.label,
      'pa,ss"word',
      "line one\nline two",
      uriOf(account),
    ]),
  );
  const passwordOnly = csvLine(["news.example", "https://news.example", "reader", "secret", "", ""]);
  return `Title,URL,Username,Password,Notes,OTPAuth\n${[...rows, passwordOnly].join("\n")}\n`;
}

export function onePasswordCsv(accounts: readonly KnownAccount[]): string {
  const rows = accounts.map((account) =>
    csvLine([account.issuer, account.url ?? "", account.label, "pw", uriOf(account), ""]),
  );
  return `title,website,username,password,one-time password,notes\r\n${rows.join("\r\n")}\r\n`;
}
