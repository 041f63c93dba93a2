import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/check-swift.mjs", import.meta.url));

/** Runs `npm run check:swift` on `paths`: its exit status and what it printed. */
function checkSwift(...paths: string[]): Promise<{ status: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...paths], (error, out, err) =>
      resolve({ status: error === null ? 0 : Number(error.code), out, err }),
    );
  });
}

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

async function fixture(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "twofold-swift-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("check:swift", () => {
  it("passes every Swift file in the repository", async () => {
    dir = await mkdtemp(join(tmpdir(), "twofold-swift-"));
    const { status, out, err } = await checkSwift();
    expect(err).toBe("");
    expect(status).toBe(0);
    expect(out).toMatch(/check-swift: \d+ Swift files parsed, 0 with syntax errors/);
  });

  it.each([
    ["an unclosed brace", "func f() {\n  let x = 1\n", /Bad\.swift:1:1: syntax error near "func f\(\) \{"/],
    ["a stray token", 'let ok = 1\nlet x = = 2\nprint("x")\n', /Bad\.swift:2:\d+: syntax error/],
    ["an unterminated string", 'let s = "abc\n', /Bad\.swift:2:1: missing "/],
  ])("fails on %s, saying where", async (_name, source, where) => {
    const { status, err } = await checkSwift(await fixture({ "Good.swift": "let ok = 1\n", "Bad.swift": source }));
    expect(status).toBe(1);
    expect(err).toMatch(where);
    expect(err).not.toMatch(/Good\.swift/);
  });

  it("parses each file afresh: #filePath in a second file is no error", async () => {
    const source = "let here = URL(fileURLWithPath: #filePath)\n";
    const { status, err } = await checkSwift(
      await fixture({ "A.swift": source, "B.swift": source, "C.swift": source }),
    );
    expect(err).toBe("");
    expect(status).toBe(0);
  });

  it("fails when there is nothing to check", async () => {
    const { status, err } = await checkSwift(await fixture({ "README.md": "no Swift here" }));
    expect(status).toBe(1);
    expect(err).toMatch(/no \.swift files/);
  });
});
