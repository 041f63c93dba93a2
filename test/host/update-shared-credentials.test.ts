import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/update-shared-credentials.mjs", import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "twofold-update-shared-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the script with `args`, writing to a scratch file rather than the vendored list. */
function update(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args, "--out", join(dir, "out.json")], { encoding: "utf8" });
}

describe("scripts/update-shared-credentials.mjs", () => {
  it("writes a valid list, formatted, and names the members the host will ignore", async () => {
    const source = join(dir, "source.json");
    await writeFile(
      source,
      JSON.stringify([{ shared: ["a.example", "github.io"] }, { from: ["b.example"], to: ["c.example"] }]),
    );
    const result = update(source);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("the host will ignore github.io: a public suffix shared by many sites");
    expect(JSON.parse(await readFile(join(dir, "out.json"), "utf8"))).toEqual([
      { shared: ["a.example", "github.io"] },
      { from: ["b.example"], to: ["c.example"] },
    ]);
  });

  it.each([
    [
      "a list that breaks the schema",
      '[{"from": ["a.example"]}]',
      /entry 0 does not follow Apple's shared-credentials schema/,
    ],
    ["a file that is not JSON", "<html>", /it is not JSON/],
  ])("refuses %s, saying why, and writes nothing", async (_name, text, message) => {
    const source = join(dir, "source.json");
    await writeFile(source, text);
    const result = update(source);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    await expect(readFile(join(dir, "out.json"))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ["no source", [], /usage: node scripts\/update-shared-credentials.mjs PATH\|URL/],
    ["a missing file", ["/nonexistent/shared-credentials.json"], /ENOENT/],
  ])("fails clearly given %s", (_name, args, message) => {
    const result = update(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
