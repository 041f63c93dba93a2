import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileVaultStore } from "../../native-host/stores/file-vault-store";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../support/host-process";
import { sampleRecord } from "./store-contract";

const run = promisify(execFile);
let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-vault-"));
  path = join(dir, "vault.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isTwofoldError(error)) throw new Error(`expected a TwofoldError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("file vault", () => {
  it("creates the vault and its key file readable only by the owner, and stores no plaintext", async () => {
    const record = sampleRecord();
    await new FileVaultStore(path).add([record]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}.key`)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(record.secret);
    expect(text).not.toContain(record.label);
  });

  it("does not create a key file just to read a vault that does not exist", async () => {
    expect(await new FileVaultStore(path).list()).toEqual([]);
    await expect(stat(`${path}.key`)).rejects.toThrow();
  });

  it("says the passphrase is wrong, and how to fix it", async () => {
    await new FileVaultStore(path, { passphrase: "right" }).add([sampleRecord()]);
    const { code, message } = await failure(new FileVaultStore(path, { passphrase: "wrong" }).list());
    expect(code).toBe("WRONG_PASSPHRASE");
    expect(message).toContain("TWOFOLD_PASSPHRASE");
  });

  // A vault header names its own scrypt cost; N=2^20, r=32 would take 4 GiB and many seconds to try.
  it.each([
    [
      { N: 2 ** 20, r: 32, p: 1 },
      /its header asks scrypt for 4,096 MiB of memory \(N=1048576, r=32\); Twofold allows at most 256 MiB/,
    ],
    [{ N: 2 ** 15, r: 8, p: 64 }, /its header asks scrypt for p=64 passes; Twofold allows at most 16/],
  ])("refuses a header asking for scrypt %j before deriving anything", async (cost, message) => {
    await new FileVaultStore(path, { passphrase: "right" }).add([sampleRecord()]);
    const sealed = JSON.parse(await readFile(path, "utf8")) as { kdf: Record<string, unknown> };
    await writeFile(path, JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, ...cost } }));
    const refused = await failure(new FileVaultStore(path, { passphrase: "right" }).list());
    expect(refused.code).toBe("STORE_CORRUPT");
    expect(refused.message).toMatch(message);
  });

  it("asks for the passphrase of a passphrase vault", async () => {
    await new FileVaultStore(path, { passphrase: "right" }).add([sampleRecord()]);
    const { code, message } = await failure(new FileVaultStore(path).list());
    expect(code).toBe("STORE_LOCKED");
    expect(message).toMatch(/Set TWOFOLD_PASSPHRASE/);
  });

  it("says the key file is missing, and where it belongs", async () => {
    await new FileVaultStore(path).add([sampleRecord()]);
    await unlink(`${path}.key`);
    const { code, message } = await failure(new FileVaultStore(path).list());
    expect(code).toBe("STORE_LOCKED");
    expect(message).toContain(`${path}.key`);
  });

  // A key file is created whole or not at all; an empty one can only be an older Twofold
  // killed between creating it and writing it. With no vault beside it nothing was sealed with it.
  it("replaces an empty key file when it creates the vault, and leaves no temp file", async () => {
    await writeFile(`${path}.key`, "", { mode: 0o600 });
    const record = sampleRecord();
    await new FileVaultStore(path).add([record]);
    expect(Buffer.from((await readFile(`${path}.key`, "utf8")).trim(), "base64")).toHaveLength(32);
    expect((await new FileVaultStore(path).list()).map((account) => account.id)).toEqual([record.id]);
    expect((await readdir(dir)).sort()).toEqual(["vault.json", "vault.json.key"]);
  });

  it("never replaces an empty key file beside an existing vault: it says so and changes nothing", async () => {
    await new FileVaultStore(path).add([sampleRecord()]);
    await writeFile(`${path}.key`, "");
    const before = await readFile(path);
    const { code, message } = await failure(new FileVaultStore(path).add([sampleRecord()]));
    expect(code).toBe("STORE_CORRUPT");
    expect(message).toContain("does not hold a 256-bit key");
    expect(await readFile(path)).toEqual(before);
    expect(await readFile(`${path}.key`, "utf8")).toBe("");
  });

  const corruptions: [string, (text: string) => string][] = [
    ["garbage", () => "this is not a vault"],
    ["truncated JSON", (text) => text.slice(0, text.length / 2)],
    ["an empty file", () => ""],
    [
      "a flipped ciphertext byte",
      (text) => text.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === "A" ? "B" : "A"}`),
    ],
    [
      "a changed authentication tag",
      (text) => text.replace(/"tag":"(.)/, (_m, c: string) => `"tag":"${c === "A" ? "B" : "A"}`),
    ],
    ["another format version", (text) => text.replace('"version":1', '"version":2')],
  ];
  it.each(corruptions)("reports %s clearly and leaves the file byte for byte as it was", async (_name, corrupt) => {
    await new FileVaultStore(path).add([sampleRecord()]);
    await writeFile(path, corrupt(await readFile(path, "utf8")));
    const before = await readFile(path);
    const store = new FileVaultStore(path);
    const read = await failure(store.list());
    expect(read.code).toBe("STORE_CORRUPT");
    expect(read.message).toMatch(/left untouched/);
    const write = await failure(store.add([sampleRecord()]));
    expect(write.code).toBe("STORE_CORRUPT");
    expect(await readFile(path)).toEqual(before);
  });

  it("explains a vault path it cannot use", async () => {
    await mkdir(path);
    const { code, message } = await failure(new FileVaultStore(path).list());
    expect(code).toBe("STORE_UNAVAILABLE");
    expect(message).toContain(path);
  });

  it("loses nothing when twenty processes add accounts at the same moment", async () => {
    const adds = Array.from({ length: 20 }, (_, index) =>
      run(process.execPath, [
        HOST_BUNDLE,
        "--store",
        `file:${path}`,
        "add",
        `otpauth://totp/Load:user${index}?secret=${"JBSWY3DPEHPK3PX".concat("ABCDEFGHIJKLMNOPQRST"[index] ?? "A")}&issuer=Load`,
      ]),
    );
    await Promise.all(adds);
    const accounts = await new FileVaultStore(path).list();
    expect(accounts.map((account) => account.label).sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => `user${index}`).sort(),
    );
    await expect(stat(`${path}.lock`)).rejects.toThrow();
  });
});
