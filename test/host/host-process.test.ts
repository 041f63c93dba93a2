import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { HostProcess } from "../support/host-process";

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const ACME = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME&digits=8`;

let dir: string;
let host: HostProcess;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-host-"));
  host = new HostProcess(`file:${join(dir, "vault.json")}`, { TWOFOLD_MAX_REQUEST_BYTES: "4096" });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const frameOf = (text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
};

describe("the native host process", () => {
  // The host answers hello before it loads the rest of the protocol: its
  // checks still say what is wrong, not just "invalid".
  it.each([
    [{ protocol: -1 }, "Invalid params for hello at protocol: Too small: expected number to be >0."],
    [
      { protocol: 1, client: "x".repeat(101) },
      "Invalid params for hello at client: Too big: expected string to have <=100 characters.",
    ],
  ])("says what is wrong with hello's params %j", async (params, message) => {
    const reply = await host.request("hello", params);
    expect(reply.error).toEqual({ code: "BAD_REQUEST", message });
  });

  it("says hello without opening the store", async () => {
    const reply = await host.call("hello", { protocol: 1 });
    expect(reply).toMatchObject({ protocol: 1, store: `file:${join(dir, "vault.json")}` });
  });

  it("adds, lists and computes codes over real frames", async () => {
    const { account } = await host.call<{ account: { id: string } }>("accounts.add", {
      uri: ACME,
      domains: ["acme.example"],
    });
    const { accounts } = await host.call<{ accounts: unknown[] }>("accounts.list", {});
    expect(accounts).toEqual([
      expect.objectContaining({ id: account.id, issuer: "ACME", label: "alice", pinned: false }),
    ]);
    // The host's own clock: a client may not ask for codes at any other time.
    const { codes } = await host.call<{ codes: { code: string; validFrom: number }[] }>("codes.get", {});
    const validFrom = codes[0]?.validFrom ?? Number.NaN;
    const params = parseOtpUri(ACME).params;
    expect(codes).toEqual([
      {
        accountId: account.id,
        code: generateCode(params, validFrom).code,
        period: 30,
        validFrom,
        validUntil: validFrom + 30_000,
        next: generateCode(params, validFrom + 30_000).code,
      },
    ]);
    expect(Math.abs(validFrom - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("refuses codes for a time more than one period from its clock", async () => {
    await host.call("accounts.add", { uri: ACME });
    const reply = await host.request("codes.get", { at: 59_000 });
    expect(reply).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(reply.error?.message).toMatch(/behind the host's clock; it makes codes only within one period \(30 s\)/);
  });

  it.each([
    ["https://acme.example/login", 1],
    ["https://sso.acme.example/mfa", 1],
    ["http://acme.example/login", 0],
    ["https://acme.example.evil.io/login", 0],
    ["https://acmee.example/login", 0],
    ["not a url", 0],
  ])("codes.forUrl %s gives %i match(es)", async (url, count) => {
    await host.call("accounts.add", { uri: ACME, domains: ["acme.example"] });
    const { matches } = await host.call<{ matches: unknown[] }>("codes.forUrl", { url });
    expect(matches).toHaveLength(count);
  });

  it.each([
    ["malformed JSON", frameOf("{not json"), "BAD_REQUEST", null],
    ["an empty frame", frameOf(""), "BAD_REQUEST", null],
    ["a request without a method", frameOf('{"id":7}'), "BAD_REQUEST", 7],
    ["an unknown method", frameOf('{"id":8,"method":"secrets.dump"}'), "UNKNOWN_METHOD", 8],
    ["bad params", frameOf('{"id":9,"method":"accounts.add","params":{"uri":42}}'), "BAD_REQUEST", 9],
    [
      "an invalid otpauth URI",
      frameOf('{"id":10,"method":"accounts.add","params":{"uri":"otpauth://totp/x?secret=1"}}'),
      "INVALID_URI",
      10,
    ],
    [
      "a removal of an unknown account",
      frameOf('{"id":11,"method":"accounts.remove","params":{"id":"nope"}}'),
      "NOT_FOUND",
      11,
    ],
    ["an old protocol", frameOf('{"id":12,"method":"hello","params":{"protocol":99}}'), "UNSUPPORTED_VERSION", 12],
    // Refused before parsing: 64 MiB of this would take gigabytes to parse.
    [
      "params nested 2,000 deep",
      frameOf(`{"id":13,"method":"hello","params":${"[".repeat(2000)}${"]".repeat(2000)}}`),
      "TOO_LARGE",
      null,
    ],
  ])("answers %s with a typed error and stays up", async (_name, bytes, code, id) => {
    host.writeRaw(bytes);
    const reply = await host.next();
    expect(reply).toMatchObject({ id, ok: false, error: { code } });
    expect(reply.error?.message.length).toBeGreaterThan(10);
    expect((await host.call<{ protocol: number }>("hello", { protocol: 1 })).protocol).toBe(1);
  });

  it("skips a frame over the size limit without reading it into memory, and stays in step", async () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(10_000);
    host.writeRaw(Buffer.concat([header, Buffer.alloc(10_000, 0x7b)]));
    expect(await host.next()).toMatchObject({ id: null, ok: false, error: { code: "TOO_LARGE" } });
    expect((await host.call<{ protocol: number }>("hello", { protocol: 1 })).protocol).toBe(1);
  });

  it("writes nothing but frames to stdout, and no reply ever holds a secret", async () => {
    const { account } = await host.call<{ account: { id: string } }>("accounts.add", {
      uri: ACME,
      domains: ["acme.example"],
    });
    await host.call("accounts.list", {});
    await host.call("codes.get", {});
    await host.call("codes.forUrl", { url: "https://acme.example/" });
    await host.call("accounts.setPinned", { id: account.id, pinned: true });
    await host.call("accounts.setDomains", { id: account.id, domains: [{ host: "acme.example", source: "user" }] });
    await host.call("store.status", {});
    await host.request("accounts.add", { uri: ACME });
    await host.close();
    const output = Buffer.concat(host.stdout);
    let offset = 0;
    while (offset < output.length) offset += 4 + output.readUInt32LE(offset);
    expect(offset).toBe(output.length);
    expect(output.toString("utf8")).not.toContain(SECRET);
    expect(output.toString("utf8").toLowerCase()).not.toContain(SECRET.toLowerCase());
    expect(host.stderr).not.toContain(SECRET);
  });

  it("exits cleanly when the browser closes the port", async () => {
    await host.call("hello", { protocol: 1 });
    expect(await host.close()).toBe(0);
  });
});
