import { describe, expect, it } from "vitest";
import { parseStoreSpec } from "../../native-host/stores/store-spec";
import { isTwofoldError } from "../../src/protocol/twofold-error";

const CWD = "/work/here";
const HOME = "/home/ada";

describe("parseStoreSpec", () => {
  // A spec in TWOFOLD_STORE or a launcher reaches Twofold unexpanded; `file:~/vault` once landed in ./~/vault.
  it.each([
    ["file:~/vault.json", "/home/ada/vault.json"],
    ["file:~/twofold/vault.json", "/home/ada/twofold/vault.json"],
    ["file:~", "/home/ada"],
    ["file:/srv/vault.json", "/srv/vault.json"],
    ["file:vault.json", "/work/here/vault.json"],
    ["file:./a/~/vault.json", "/work/here/a/~/vault.json"],
  ])("%s is the vault %s", (spec, path) => {
    expect(parseStoreSpec(spec, CWD, HOME)).toEqual({ kind: "file", path });
  });

  it("refuses another user's ~name, saying to write the full path", () => {
    let caught: unknown;
    try {
      parseStoreSpec("file:~bob/vault.json", CWD, HOME);
    } catch (error) {
      caught = error;
    }
    expect(isTwofoldError(caught, "BAD_REQUEST")).toBe(true);
    expect((caught as Error).message).toMatch(/expands only ~ and ~\/.*Write the full path/);
  });
});
