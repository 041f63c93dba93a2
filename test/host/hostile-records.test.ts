import fc from "fast-check";
import { afterEach, beforeEach, expect, it } from "vitest";
import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import { exportAccounts } from "../../native-host/import/export-accounts";
import { runImport } from "../../native-host/import/run-import";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import type { Store } from "../../native-host/stores/store";
import { ACCOUNT_LIMITS } from "../../src/otp/account-limits";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { type Backend, describeEveryStore } from "./every-store";
import {
  aegisDatabase,
  andOtpEntry,
  bitwardenItem,
  twoFasBackup,
  twoFasServices,
  uriOf,
} from "./import/format-builders";
import { inputOf } from "./import/import-store";
import { KNOWN, type KnownAccount } from "./import/known-accounts";
import { sampleRecord } from "./store-contract";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const GITHUB = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
/** The refusals a person can meet; anything else (INTERNAL, STORE_CORRUPT…) is a bug. */
const REFUSALS = ["INVALID_URI", "INVALID_DOMAIN", "ALREADY_EXISTS", "TOO_LARGE"];

/** Text of every kind: mostly short, often near or past a limit, any script, emoji, now and then huge. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 24, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 24, unit: "binary" }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom("A", "A", "A", "é", "名", "🔐", " ", ":"), fc.integer({ min: 240, max: 300 }))
      .map(([character, count]) => character.repeat(count)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 3_000 }).map((count) => "A".repeat(count)) },
  // What no name needs and a keychain may refuse: NUL and other controls, bidi overrides, lone surrogates.
  {
    weight: 2,
    arbitrary: fc.string({
      minLength: 1,
      maxLength: 12,
      unit: fc.constantFrom("a", " ", "\0", "\n", "\t", "\x7f", "\x85", "\u202e", "\u2066", "\ud800", "\udfff"),
    }),
  },
);

const secret = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 8, maxLength: 64, unit: fc.constantFrom(...BASE32) }) },
  { weight: 2, arbitrary: fc.string({ minLength: 1_000, maxLength: 1_100, unit: fc.constantFrom(...BASE32) }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: fc.constantFrom(..."abcxyz234567 -=01!") }) },
);

const host = fc.oneof(
  fc.constantFrom("github.com", "login.example.com", "localhost", "co.uk", "bücher.de"),
  fc.domain(),
  fc
    .tuple(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 5 }))
    .map(([length, parts]) => `${Array.from({ length: parts }, () => "a".repeat(length)).join(".")}.example.com`),
);

/** Sometimes absent, mostly sensible, sometimes out of range. */
const optional = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: usual },
    { weight: 1, arbitrary: odd },
  );

/** URIs that look like authenticators' QR codes, with any field huge, odd or missing. */
const hostileAccount = fc
  .record({
    type: fc.constantFrom("totp", "totp", "TOTP", "hotp"),
    issuerPrefix: fc.option(text, { nil: undefined }),
    label: text,
    secret,
    issuer: fc.option(text, { nil: undefined }),
    algorithm: optional(fc.constantFrom("SHA1", "SHA256", "SHA512", "sha1"), fc.constantFrom("MD5", "")),
    digits: optional(fc.integer({ min: 6, max: 8 }), fc.integer({ min: -1, max: 12 })),
    period: optional(fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: -5, max: 100_000 })),
    counter: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    extra: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10, unit: fc.constantFrom(..."abcdefxyz") }), text), {
      maxLength: 4,
    }),
    domains: fc.array(host, { maxLength: 4 }),
  })
  .map((fields) => {
    const label = `${fields.issuerPrefix === undefined ? "" : `${encode(fields.issuerPrefix)}:`}${encode(fields.label)}`;
    const params = [
      `secret=${encode(fields.secret)}`,
      fields.issuer === undefined ? "" : `issuer=${encode(fields.issuer)}`,
      fields.algorithm === undefined ? "" : `algorithm=${fields.algorithm}`,
      fields.digits === undefined ? "" : `digits=${fields.digits}`,
      fields.period === undefined ? "" : `period=${fields.period}`,
      fields.type === "hotp" ? `counter=${fields.counter}` : "",
      ...fields.extra.map(([key, value]) => `${encode(key)}=${encode(value)}`),
    ].filter((param) => param !== "");
    return { uri: `otpauth://${fields.type}/${label}?${params.join("&")}`, domains: fields.domains };
  });

/** Percent-encoding of any string; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD first. */
function encode(value: string): string {
  return encodeURIComponent(Buffer.from(value).toString());
}

/** Reads the store back: it must list, and hold nothing it cannot read. */
async function expectReadable(service: AccountService): Promise<string[]> {
  const ids = (await service.list()).map((account) => account.id);
  expect(await service.quarantined()).toEqual([]);
  return ids;
}

function hostContext(service: AccountService): HostContext {
  return { accounts: async () => service } as unknown as HostContext;
}

const long = (account: KnownAccount, change: Partial<KnownAccount>): KnownAccount => ({ ...account, ...change });
const A300 = "A".repeat(300);
const { github } = KNOWN;

/** Exports whose one bad entry would once have been stored and locked the store. */
const IMPORTS: { name: string; bytes: () => Promise<Buffer> | Buffer; password?: string; reason: RegExp }[] = [
  {
    name: "an Aegis entry with a 300-character issuer",
    bytes: () =>
      Buffer.from(
        JSON.stringify({
          version: 1,
          header: { slots: null, params: null },
          db: aegisDatabase([github, long(KNOWN.buecher, { issuer: A300 })]),
        }),
      ),
    reason: /^the issuer is 300 characters long; Twofold keeps at most 256\.$/,
  },
  {
    name: "a 2FAS service with a 300-character name",
    bytes: () =>
      Buffer.from(JSON.stringify(twoFasBackup(twoFasServices([github, long(KNOWN.example, { label: A300 })])))),
    reason: /^the account name is 300 characters long; Twofold keeps at most 256\.$/,
  },
  {
    name: "a Bitwarden login named with 300 characters",
    bytes: () =>
      Buffer.from(
        JSON.stringify({
          encrypted: false,
          items: [
            bitwardenItem(github, uriOf(github)),
            bitwardenItem(long(KNOWN.japan, { issuer: A300 }), KNOWN.japan.params.secret),
          ],
        }),
      ),
    reason: /^the issuer is 300 characters long; Twofold keeps at most 256\.$/,
  },
  {
    name: "an andOTP entry with a 1,100-character secret",
    bytes: () =>
      Buffer.from(
        JSON.stringify([
          andOtpEntry(github),
          andOtpEntry(long(KNOWN.vpn, { params: { ...KNOWN.vpn.params, secret: "A".repeat(1_100) } })),
        ]),
      ),
    reason: /^the secret is 1100 characters long; Twofold keeps at most 1024\.$/,
  },
  {
    name: "an otpauth list with a 300-character issuer",
    bytes: () => Buffer.from(`${uriOf(github)}\n${uriOf(long(KNOWN.steam, { issuer: A300 }))}\n`),
    reason: /the issuer is 300 characters long; Twofold keeps at most 256\.$/,
  },
  {
    name: "a Twofold backup holding a record with a 300-character issuer",
    password: "backup password",
    bytes: async () => {
      // prepare() never touches the store; this one is never opened.
      const service = new AccountService(new FileVaultStore("/nonexistent/twofold-hostile-vault.json"));
      const good = service.prepare({ uri: uriOf(github) });
      // Written by hand: nothing in Twofold would make such a record any more.
      const bad = { ...service.prepare({ uri: uriOf(KNOWN.example) }), issuer: A300 };
      return Buffer.from(await exportAccounts([good, bad], { format: "backup", password: "backup password" }));
    },
    reason: /^the issuer is 300 characters long; Twofold keeps at most 256\.$/,
  },
];

describeEveryStore("hostile input never makes a store unreadable", (setup) => {
  let backend: Backend;
  let store: Store;
  let service: AccountService;

  beforeEach(async () => {
    backend = await setup();
    store = await backend.open();
    service = new AccountService(store);
  });
  afterEach(async () => {
    await store.close();
    await backend.cleanup();
  });

  it("adds a random otpauth URI or refuses it with a typed error, and the store still lists everything", async () => {
    await fc.assert(
      fc.asyncProperty(hostileAccount, async ({ uri, domains }) => {
        const outcome = await service.add({ uri, domains }).then(
          (account) => ({ account, error: null }),
          (error: unknown) => ({ account: null, error }),
        );
        if (outcome.error !== null) {
          expect(isTwofoldError(outcome.error), String(outcome.error)).toBe(true);
          expect(REFUSALS, (outcome.error as Error).message).toContain((outcome.error as { code: string }).code);
        }
        const ids = await expectReadable(service);
        if (outcome.account !== null) expect(ids).toContain(outcome.account.id);
      }),
      { numRuns: backend.affordableRuns },
    );
  });

  it.each(IMPORTS)("imports the rest of $name, reports that entry, and the store still lists", async (file) => {
    const report = await runImport(service, inputOf(await file.bytes(), file.password), { partial: true });
    expect(report.invalid.map((problem) => problem.reason)).toEqual([expect.stringMatching(file.reason)]);
    expect(report.applied).toBe(true);
    expect((await service.list()).map((account) => account.issuer)).toEqual([github.issuer]);
    await expectReadable(service);
  });

  it("refuses host requests with a 266-character site or a 300-character issuer, and the store still lists", async () => {
    const site = `${["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62)].join(".")}.example.com`;
    expect(site).toHaveLength(266);
    const context = hostContext(service);
    const refusal = (method: string, params: unknown) =>
      handleRequest(method, params, context).then(
        () => "accepted",
        (error: unknown) => (isTwofoldError(error) ? error.code : String(error)),
      );
    const { account } = (await handleRequest("accounts.add", { uri: GITHUB }, context)) as { account: { id: string } };
    expect([
      await refusal("accounts.add", { uri: `otpauth://totp/x:me?secret=KRSXG5CTMVRXEZLU&issuer=${A300}` }),
      await refusal("accounts.add", { uri: "otpauth://totp/x:me?secret=KRSXG5CTMVRXEZLU", domains: [site] }),
      await refusal("accounts.setDomains", { id: account.id, domains: [{ host: site, source: "user" }] }),
      await refusal("accounts.remember", { id: account.id, url: `https://${site}/login` }),
      await refusal("accounts.remember", { id: account.id, url: `https://${site}/login`, scope: "host" }),
    ]).toEqual(["INVALID_URI", "INVALID_DOMAIN", "INVALID_DOMAIN", "INVALID_DOMAIN", "INVALID_DOMAIN"]);
    const listed = (await handleRequest("accounts.list", {}, context)) as {
      accounts: { id: string; domains: unknown[] }[];
    };
    expect(listed.accounts.map((summary) => summary.id)).toEqual([account.id]);
    expect(listed.accounts[0]?.domains).toEqual([{ host: "github.com", source: "issuer" }]);
    await expectReadable(service);
  });

  it("stores plain names whatever a QR code or a file held: no control, bidi override or lone surrogate", async () => {
    // A NUL once made the Secret Service refuse the add ("String contains null byte").
    const fromQr = await service.add({
      uri: "otpauth://totp/%E2%80%AEbuHtiG:al%00ice%0A%0Dbob%09?secret=JBSWY3DPEHPK3PXP&issuer=%E2%80%AEbuHtiG",
    });
    expect([fromQr.issuer, fromQr.label]).toEqual(["buHtiG", "al ice bob"]);
    // JSON can carry what a URI cannot: a lone surrogate.
    const file = twoFasBackup(
      twoFasServices([long(KNOWN.example, { issuer: "Ex\ud800ample\u2066", label: "\u0000me\udfff" })]),
    );
    const report = await runImport(service, inputOf(Buffer.from(JSON.stringify(file))), { partial: true });
    expect(report.invalid).toEqual([]);
    const names = (await service.list()).map((account) => [account.issuer, account.label]);
    expect(names).toEqual([
      ["buHtiG", "al ice bob"],
      ["Ex\ufffdample", "me\ufffd"],
    ]);
    await expectReadable(service);
  });

  it("updates an account an older Twofold stored with a NUL and a lone surrogate in its names", async () => {
    const id = "oldnames000001";
    await backend.plant(id, { ...sampleRecord({ id }), issuer: "Old\u0000Co", label: "\ud800me" });
    expect((await service.setPinned(id, true)).pinned).toBe(true);
    expect((await service.setDomains(id, [{ host: "oldco.example", source: "user" }])).domains).toHaveLength(1);
    await expectReadable(service);
  });

  it("keeps at most the stored number of sites per account", async () => {
    const many = Array.from({ length: ACCOUNT_LIMITS.bindings + 1 }, (_, index) => `site${index}.example.com`);
    const error = await service.add({ uri: GITHUB, domains: many }).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "INVALID_DOMAIN")).toBe(true);
    expect((error as Error).message).toBe("Too many sites: the account has 257 sites; Twofold keeps at most 256.");
    await expectReadable(service);
  });
});
