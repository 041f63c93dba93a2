import { createHash } from "node:crypto";
import { Secret } from "otpauth";
import { AccountService } from "../../../native-host/accounts/account-service";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import type { AccountRecord } from "../../../src/otp/account";
import type { OtpParams } from "../../../src/otp/otp-params";
import type { ParsedOtpUri } from "../../../src/otp/parse-otpauth-uri";

/** One account every fixture is built from, with a known secret. */
export interface KnownAccount {
  key: string;
  issuer: string;
  label: string;
  params: OtpParams;
  /** The site it is used on, for formats that carry one. */
  url?: string;
  /** A favourite, for formats that carry one. */
  pinned?: boolean;
}

/** A deterministic 160-bit secret, so failures are reproducible. */
function secretOf(key: string): string {
  return new Secret({ buffer: new Uint8Array(createHash("sha1").update(key).digest()).buffer }).base32;
}

function known(
  key: string,
  issuer: string,
  label: string,
  params: Omit<OtpParams, "secret">,
  extra: Pick<KnownAccount, "url" | "pinned"> = {},
): KnownAccount {
  return { key, issuer, label, params: { ...params, secret: secretOf(key) }, ...extra };
}

/** The table: every algorithm, 8 digits, a 60 s period, HOTP, Steam, unicode names, URLs. */
export const KNOWN = {
  github: known(
    "github",
    "GitHub",
    "alice@example.com",
    { kind: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: 0 },
    { url: "https://github.com/login", pinned: true },
  ),
  buecher: known(
    "buecher",
    "Bücher.de",
    "jörg@bücher.de",
    { kind: "totp", algorithm: "SHA256", digits: 8, period: 30, counter: 0 },
    { url: "https://www.bücher.de/konto" },
  ),
  example: known(
    "example",
    "Example Corp",
    "ops",
    { kind: "totp", algorithm: "SHA512", digits: 8, period: 60, counter: 0 },
    { url: "https://login.example.com/" },
  ),
  vpn: known(
    "vpn",
    "Legacy VPN",
    "bob",
    { kind: "hotp", algorithm: "SHA1", digits: 6, period: 30, counter: 42 },
    { url: "https://vpn.example.org" },
  ),
  steam: known(
    "steam",
    "Steam",
    "gamer",
    { kind: "steam", algorithm: "SHA1", digits: 5, period: 30, counter: 0 },
    { url: "https://store.steampowered.com/login" },
  ),
  japan: known("japan", "日本銀行", "太郎", { kind: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: 0 }),
} satisfies Record<string, KnownAccount>;

export const ALL: readonly KnownAccount[] = Object.values(KNOWN);

/** A record as compared in tests: everything but the random id and the time it was added. */
export type Comparable = Omit<AccountRecord, "id" | "addedAt">;

export function comparable(record: AccountRecord): Comparable {
  const { id: _id, addedAt: _addedAt, ...rest } = record;
  return rest;
}

/** Sorted so that two lists of the same accounts compare equal. */
export function sorted(records: readonly Comparable[]): Comparable[] {
  return [...records].sort((a, b) => `${a.issuer}\0${a.label}`.localeCompare(`${b.issuer}\0${b.label}`));
}

export function parsedOf(account: KnownAccount): ParsedOtpUri {
  return { issuer: account.issuer, label: account.label, params: account.params };
}

/**
 * What importing `account` from a format should store: its URL bound with
 * source "import" when the format carries URLs (the issuer's domains
 * otherwise), and pinned when the format carries favourites.
 */
export function expectedRecord(
  account: KnownAccount,
  carries: { urls?: boolean; pins?: boolean } = {},
  overrides: Partial<Comparable> = {},
): Comparable {
  // build() never touches the store; this one is never opened.
  const service = new AccountService(new FileVaultStore("/nonexistent/twofold-fixture-vault.json"));
  const domains = carries.urls && account.url ? [account.url] : [];
  const record = service.build(parsedOf(account), domains, "import", carries.pins ? account.pinned === true : false);
  return { ...comparable(record), ...overrides };
}
