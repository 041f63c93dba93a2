import type { BindingSource, DomainBinding } from "../../src/domains/domain-binding";
import { issuerDomains } from "../../src/domains/issuer-domains";
import { type BindingMatch, matchBindings } from "../../src/domains/match-bindings";
import { normalizeBindingHost } from "../../src/domains/normalize-binding-host";
import { fillableHost, rememberableHost } from "../../src/domains/page-host";
import { vendoredSharedSites } from "../../src/domains/vendored-shared-sites";
import {
  type AccountRecord,
  type AccountSummary,
  displayName,
  newAccountId,
  plainName,
  type StoredAccount,
  summarize,
} from "../../src/otp/account";
import { ACCOUNT_LIMITS, tooLong } from "../../src/otp/account-limits";
import { type ParsedOtpUri, parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import type { Code, RememberScope, UrlMatch } from "../../src/protocol/methods";
import { isTwofoldError, TwofoldError } from "../../src/protocol/twofold-error";
import type { Store } from "../stores/store";
import { checkRecordForWrite, type QuarantinedRecord } from "../stores/stored-record";
import type { AccountStore } from "./account-store";
import { RecordSecrets } from "./record-secrets";
import type { SecretKeeper } from "./secret-keeper";

/** What `add` needs: an otpauth URI and, optionally, where it is used. */
export interface NewAccount {
  uri: string;
  domains?: readonly string[] | undefined;
  pinned?: boolean | undefined;
}

/**
 * The accounts of one store, as the CLI, the host and Safari's background all
 * use them. This is where URIs become records, pages are matched to accounts
 * and sites are bound; the store only keeps records, and `secrets` makes
 * codes. A host store's records hold their secrets (`R` = AccountRecord);
 * Safari's hold none, and its `secrets` asks the Twofold app, so the second
 * argument is needed only then.
 */
export class AccountService<
  R extends StoredAccount = AccountRecord,
  S extends AccountStore<R> = Store & AccountStore<R>,
> {
  readonly secrets: SecretKeeper<R>;
  private readonly sorted = new WeakMap<readonly AccountSummary[], AccountSummary[]>();
  private retained: readonly R[] | null = null;

  constructor(
    private readonly store: S,
    readonly now: () => number = Date.now,
    ...secrets: R extends AccountRecord ? [SecretKeeper<R>?] : [SecretKeeper<R>]
  ) {
    // Only a store of full records may leave the keeper out (the rest type says so).
    this.secrets = (secrets[0] as SecretKeeper<R> | undefined) ?? (new RecordSecrets() as unknown as SecretKeeper<R>);
  }

  /** Every account, pinned first, then by issuer and label. */
  async list(): Promise<AccountSummary[]> {
    const accounts = await this.store.list();
    // A store that returns the same array while nothing changed is sorted once, not once per page.
    let sorted = this.sorted.get(accounts);
    if (sorted === undefined) {
      sorted = sortAccounts(accounts.map(withSharedSites));
      this.sorted.set(accounts, sorted);
    }
    return sorted;
  }

  /** Builds a record from a URI without storing it. Throws for invalid input. */
  prepare(account: NewAccount): AccountRecord {
    return this.build(parseOtpUri(account.uri), account.domains ?? [], "user", account.pinned ?? false);
  }

  /**
   * Builds a record from a parsed URI. Given domains are checked and bound
   * with `source`; without any, the issuer's well-known login domains are.
   * Names are made plain ({@link plainName}) and the record is checked as a
   * store will check it, so whatever the source (URI, import, backup), what
   * a store would refuse is refused here first.
   */
  build(parsed: ParsedOtpUri, domains: readonly string[], source: BindingSource, pinned = false): AccountRecord {
    if (domains.length > ACCOUNT_LIMITS.bindings) {
      throw new TwofoldError("INVALID_DOMAIN", `Too many sites: ${tooLong("bindings", domains.length)}.`);
    }
    const issuer = plainName(parsed.issuer);
    const given = domains.map((domain) => ({ host: normalizeBindingHost(domain), source }));
    const bindings =
      given.length > 0 ? given : issuerDomains(issuer).map((host) => ({ host, source: "issuer" as const }));
    const { secret, ...otp } = parsed.params;
    return checkRecordForWrite({
      id: newAccountId(),
      issuer,
      label: plainName(parsed.label),
      domains: dedupeBindings(bindings),
      pinned,
      otp,
      secret,
      addedAt: this.now(),
    });
  }

  /** Adds one account from its URI; `ALREADY_EXISTS` when it is already there. */
  async add(account: NewAccount): Promise<AccountSummary> {
    const record = this.prepare(account);
    const existing = await this.secrets.findSame(record, await this.store.records());
    if (existing !== undefined) {
      throw new TwofoldError(
        "ALREADY_EXISTS",
        `${displayName(existing)} is already in the store with this secret (id ${existing.id}).`,
      );
    }
    await this.store.add([record]);
    return withSharedSites(summarize(record));
  }

  /**
   * Values the store holds that are not valid accounts: left out of
   * {@link list} and every other method, kept untouched, removable by id
   * with {@link remove}.
   */
  async quarantined(): Promise<QuarantinedRecord[]> {
    return (await this.store.quarantined?.()) ?? [];
  }

  /**
   * The quarantined value `query` names by its id or an id prefix of at least
   * `minPrefix` characters, if exactly one; for `twofold remove ID`, since
   * such a value is in no list of accounts.
   */
  async findQuarantined(query: string, minPrefix = 4): Promise<QuarantinedRecord | undefined> {
    const set = await this.quarantined();
    const exact = set.find((entry) => entry.id === query);
    if (exact !== undefined || query.length < minPrefix) return exact;
    const byPrefix = set.filter((entry) => entry.id.startsWith(query));
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  /** Codes for `ids` (all accounts when omitted) at `at` (Unix ms). */
  async codes(ids?: readonly string[], at: number = this.now()): Promise<Code[]> {
    const records = await this.records(ids);
    if (ids !== undefined && records.length < new Set(ids).size) {
      const found = new Set(records.map((record) => record.id));
      const unreadable = (await this.quarantined()).find((entry) => ids.includes(entry.id) && !found.has(entry.id));
      if (unreadable !== undefined) throw quarantineError(unreadable);
    }
    return this.secrets.codes(records, at);
  }

  /**
   * The accounts bound to the page at `url`, most specific binding first,
   * with their codes; then those that reach it through a group of sites that
   * share a sign-in (unless turned off for the account). Pages that are not
   * secure contexts get nothing.
   */
  async codesForUrl(url: string, at: number = this.now()): Promise<UrlMatch[]> {
    const host = fillableHost(url);
    if (host === null) return [];
    const bound: { record: R; match: BindingMatch }[] = [];
    const shared = vendoredSharedSites().reach(host);
    for (const record of await this.store.records()) {
      const match =
        matchBindings(record.domains, host) ?? (record.fillSharedSites === false ? null : shared.match(record.domains));
      if (match !== null) bound.push({ record, match });
    }
    // All codes in one call: in Safari each call is a round trip to the Twofold app.
    const codes = await this.secrets.codes(
      bound.map(({ record }) => record),
      at,
    );
    const matches: UrlMatch[] = bound.map(({ record, match }, index) => ({
      account: summarize(record),
      code: codes[index] as Code,
      ...match,
    }));
    return matches.sort(
      (a, b) =>
        b.specificity - a.specificity ||
        Number(b.account.pinned) - Number(a.account.pinned) ||
        compareNames(a.account, b.account),
    );
  }

  async remove(id: string): Promise<void> {
    await this.store.remove(id);
  }

  async setPinned(id: string, pinned: boolean): Promise<AccountSummary> {
    return withSharedSites(summarize(await this.update(id, (record) => ({ ...record, pinned }))));
  }

  /** Turns filling on the sites that share a sign-in with the account's own on or off. */
  async setSharedSites(id: string, enabled: boolean): Promise<AccountSummary> {
    const record = await this.update(id, (current) => {
      // On is the default, so it is stored as the flag's absence (the field is optional: still a record).
      const { fillSharedSites: _, ...rest } = current;
      return enabled ? (rest as R) : { ...current, fillSharedSites: false };
    });
    return withSharedSites(summarize(record));
  }

  /** Replaces an account's bindings; each host is checked and normalised. */
  async setDomains(id: string, domains: readonly DomainBinding[]): Promise<AccountSummary> {
    const normalized = dedupeBindings(
      domains.map((binding) => ({ ...binding, host: normalizeBindingHost(binding.host) })),
    );
    return withSharedSites(summarize(await this.update(id, (record) => ({ ...record, domains: normalized }))));
  }

  /**
   * "Remember this site": binds the page at `url` to the account. By default
   * the binding is the page's exact host (it covers that host and hosts
   * below it, never its siblings), so remembering on one tenant of a shared
   * login host — `contoso.b2clogin.com`, `acme.my.site.com` — never offers
   * the code to another tenant. `scope: "site"` widens it to the registrable
   * domain, for a person who says the whole site is one service; even then,
   * known multi-tenant sites keep the exact host.
   */
  async remember(id: string, url: string, scope: RememberScope = "host"): Promise<AccountSummary> {
    const host = fillableHost(url);
    if (host === null) {
      throw new TwofoldError(
        "INVALID_DOMAIN",
        "Only https pages (or http on localhost) can be remembered for an account.",
      );
    }
    const binding: DomainBinding = {
      host: normalizeBindingHost(scope === "site" ? rememberableHost(host) : host),
      source: "remembered",
    };
    return withSharedSites(
      summarize(
        await this.update(id, (record) => ({ ...record, domains: dedupeBindings([...record.domains, binding]) })),
      ),
    );
  }

  /** HOTP: moves the counter on once its code has been used, and returns the new code. */
  async advanceHotp(id: string): Promise<Code> {
    const record = await this.update(id, (current) => {
      if (current.otp.kind !== "hotp") {
        throw new TwofoldError(
          "BAD_REQUEST",
          `${displayName(current)} is time-based; only HOTP accounts have a counter.`,
        );
      }
      return { ...current, otp: { ...current.otp, counter: current.otp.counter + 1 } };
    });
    const [code] = await this.secrets.codes([record], this.now());
    return code as Code;
  }

  /** Records of `ids` (all when omitted), for a caller that makes codes page by page. */
  async records(ids?: readonly string[]): Promise<R[]> {
    const records = await this.store.records(ids);
    // Forget codes of removed accounts, once per version of the store (not once per page).
    if (ids === undefined && records !== this.retained) {
      this.secrets.retain?.(records);
      this.retained = records;
    }
    return records;
  }

  /**
   * Adds records made by {@link build} in one step — all of them or none —
   * without looking for the same secret under another id: the importer has
   * already sorted out what it holds twice.
   */
  async addRecords(records: readonly AccountRecord[]): Promise<void> {
    await this.store.add(records);
  }

  /**
   * Replaces account `id` with `change(current)` in one store update, with
   * one explanation for the id of a quarantined value, however the store
   * reports it (the vault as absent, a keychain as damaged).
   */
  async update(id: string, change: (current: R) => R): Promise<R> {
    try {
      return await this.store.update(id, change);
    } catch (error) {
      if (!isTwofoldError(error, "NOT_FOUND") && !isTwofoldError(error, "STORE_CORRUPT")) throw error;
      const unreadable = (await this.quarantined().catch(() => [])).find((entry) => entry.id === id);
      throw unreadable === undefined ? error : quarantineError(unreadable);
    }
  }
}

/** Refuses to use a quarantined value, and says how to fix it. */
function quarantineError(entry: QuarantinedRecord): TwofoldError {
  return new TwofoldError(
    "STORE_CORRUPT",
    `The stored account ${entry.id} (${entry.name}) cannot be used: ${entry.reason}. If you still have its QR code or setup key, add it again; then remove the unreadable copy with \`twofold remove ${entry.id}\`.`,
  );
}

// One collator for all sorting: String#localeCompare builds one per call, which dominates sorting 10,000 accounts.
const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

function compareNames(a: AccountSummary, b: AccountSummary): number {
  return collator.compare(a.issuer, b.issuer) || collator.compare(a.label, b.label);
}

export function sortAccounts(accounts: AccountSummary[]): AccountSummary[] {
  return accounts.sort((a, b) => Number(b.pinned) - Number(a.pinned) || compareNames(a, b));
}

/** The summary with the sites that share a sign-in with its bindings, for the options page to show. */
function withSharedSites(summary: AccountSummary): AccountSummary {
  const sharedSites = vendoredSharedSites().alsoFillsOn(summary.domains);
  // The summary schema caps the list at 1,000 (the whole vendored list is under 500 sites).
  return sharedSites.length === 0 ? summary : { ...summary, sharedSites: sharedSites.slice(0, 1000) };
}

function dedupeBindings(bindings: readonly DomainBinding[]): DomainBinding[] {
  const seen = new Map<string, DomainBinding>();
  for (const binding of bindings) if (!seen.has(binding.host)) seen.set(binding.host, binding);
  return [...seen.values()];
}
