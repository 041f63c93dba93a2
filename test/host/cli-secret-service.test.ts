import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HOST_BUNDLE } from "../support/host-process";
import { describeWithKeyring, TestKeyring } from "./gnome-keyring-fixture";

const ACME = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8";

/** Runs the built CLI against the session's Secret Service. */
function twofold(...args: string[]) {
  return twofoldWithInput("", ...args);
}

/** The same, with `input` on standard input (`add -` keeps the secret out of argv). */
function twofoldWithInput(input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [HOST_BUNDLE, "--store", "secret-service", ...args], {
    encoding: "utf8",
    input,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeWithKeyring("the CLI on a real GNOME Keyring", () => {
  let keyring: TestKeyring;
  let collection: string;
  let previousDefault: string;

  // A throwaway collection as the default, so locking it cannot touch anything else.
  beforeAll(async () => {
    keyring = await TestKeyring.connect();
    previousDefault = await keyring.defaultCollection();
    collection = await keyring.createCollection();
    await keyring.setAlias("default", collection);
  });
  afterAll(async () => {
    await keyring.unlock(collection);
    await keyring.setAlias("default", previousDefault);
    await keyring.deleteCollection(collection);
    keyring.close();
  });

  it("adds, lists, shows codes for, pins and removes accounts", () => {
    expect(twofold("add", ACME, "--domain", "acme.example")).toMatchObject({
      status: 0,
      stdout: "Added ACME (alice) for acme.example.\n",
    });
    expect(twofold("list").stdout).toMatch(/ACME\s+alice\s+acme\.example/);
    expect(twofold("code", "ACME", "--at", "59")).toMatchObject({ status: 0, stdout: "94287082\n" });
    expect(twofold("pin", "ACME").status).toBe(0);
    expect(JSON.parse(twofold("list", "--json").stdout)[0]).toMatchObject({ issuer: "ACME", pinned: true });
    expect(twofold("remove", "ACME")).toMatchObject({ status: 0, stdout: "Removed ACME (alice).\n" });
    expect(twofold("list").stdout).toContain("No accounts yet");
  });

  it("says the keyring is locked and how to unlock it, and writes nothing", async () => {
    expect(twofold("add", ACME).status).toBe(0);
    await keyring.lock(collection);
    for (const args of [["list"], ["code", "ACME"], ["add", "-"], ["pin", "ACME"], ["remove", "ACME"]]) {
      const result = twofoldWithInput(ACME.replace("alice", "bob"), ...args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(/^twofold: Your login keyring is locked\. Unlock it .+/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    await keyring.unlock(collection);
    const accounts = JSON.parse(twofold("list", "--json").stdout) as { label: string; pinned: boolean }[];
    expect(accounts).toEqual([expect.objectContaining({ label: "alice", pinned: false })]);
    expect(twofold("remove", "ACME").status).toBe(0);
  });
});
