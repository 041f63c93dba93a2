import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountService } from "../../native-host/accounts/account-service";
import { type HostContext, handleRequest } from "../../native-host/host/handle-request";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { isTwofoldError } from "../../src/protocol/twofold-error";

/** The host's clock, pinned: the middle of a 30 s and of a 60 s window. */
const NOW = 1_700_000_015_000;
const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const THIRTY = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME`;
const SIXTY = `otpauth://totp/Slow:bob?secret=${SECRET}&issuer=Slow&period=60`;
const COUNTER = `otpauth://hotp/Bank:carol?secret=${SECRET}&issuer=Bank&counter=7`;

let dir: string;
let service: AccountService;
let context: HostContext;
const ids: Record<string, string> = {};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-code-time-"));
  service = new AccountService(new FileVaultStore(join(dir, "vault.json")), () => NOW);
  context = { accounts: async () => service } as unknown as HostContext;
  ids.thirty = (await service.add({ uri: THIRTY, domains: ["acme.example"] })).id;
  ids.sixty = (await service.add({ uri: SIXTY, domains: ["acme.example"] })).id;
  ids.counter = (await service.add({ uri: COUNTER, domains: ["acme.example"] })).id;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const outcome = (method: string, params: unknown) =>
  handleRequest(method, params, context).then(
    () => "codes",
    (error: unknown) => (isTwofoldError(error) ? error.code : String(error)),
  );

const WEEK = 7 * 86_400_000;

describe("codes for a time other than now, asked over the host protocol", () => {
  // Codes for any time are as good as the secret: a page that got them once could sign in next week.
  it.each<[string, [string[], number][], [string[], number][]]>([
    [
      "a 30 s account: within one period either way",
      [
        [["thirty"], NOW],
        [["thirty"], NOW + 30_000],
        [["thirty"], NOW - 30_000],
      ],
      [
        [["thirty"], NOW + 30_001],
        [["thirty"], NOW - 30_001],
        [["thirty"], NOW + WEEK],
        [["thirty"], 0],
      ],
    ],
    ["a 60 s account: its own period", [[["sixty"], NOW + 45_000]], [[["sixty"], NOW + 60_001]]],
    [
      "30 s and 60 s accounts together: the shorter period",
      [[["thirty", "sixty"], NOW + 30_000]],
      [[["thirty", "sixty"], NOW + 45_000]],
    ],
    [
      "an HOTP account: codes that do not depend on time",
      [[["counter"], NOW + WEEK]],
      [[["counter", "thirty"], NOW + WEEK]],
    ],
  ])("codes.get for %s", async (_accounts, allowed, refused) => {
    for (const [which, at] of allowed) {
      expect(await outcome("codes.get", { accountIds: which.map((key) => ids[key]), at }), `at ${at}`).toBe("codes");
    }
    for (const [which, at] of refused) {
      expect(await outcome("codes.get", { accountIds: which.map((key) => ids[key]), at }), `at ${at}`).toBe(
        "BAD_REQUEST",
      );
    }
  });

  it("codes.forUrl: within one period of now, and no further", async () => {
    expect(await outcome("codes.forUrl", { url: "https://acme.example/", at: NOW + 10_000 })).toBe("codes");
    expect(await outcome("codes.forUrl", { url: "https://acme.example/", at: NOW + 3_600_000 })).toBe("BAD_REQUEST");
  });

  it("says what was wrong and what to do, and leaves the person at the terminal free (twofold code --at)", async () => {
    const error = await handleRequest("codes.get", { at: NOW + 3_600_000 }, context).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      "codes.get was asked for codes 3,600 s ahead of the host's clock; it makes codes only within one period (30 s) of now. Leave out \"at\" to get the current codes, or check this computer's clock.",
    );
    const [code] = await service.codes([ids.thirty ?? ""], 59_000);
    expect(code?.validFrom).toBe(30_000);
  });
});
