import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type DocReference, findReferences, OUTSIDE_DOCS, referenceExists } from "../support/doc-references";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCANNED = /\.(ts|tsx|mjs|md|swift|sh)$/;

/** Tracked files, as a fresh clone has them. */
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
const files = new Set(tracked);

/** Source and docs, and scripts run by a shebang whatever their name (the stand-ins). */
const scanned = tracked.filter((file) => {
  if (SCANNED.test(file)) return true;
  const head = readFileSync(join(ROOT, file)).subarray(0, 2).toString("latin1");
  return head === "#!";
});

// Built from parts so that this file does not cite them itself.
const missing = ["src", "otp", "no-such-module.ts"].join("/");
const [design] = OUTSIDE_DOCS;

const refsIn = (text: string, file = "src/otp/account.ts") =>
  findReferences(text, file).map(({ text: written, path, kind }) => ({ written, path, kind }));

describe("the path matcher", () => {
  it.each<[string, string, string, { written: string; path: string; kind: DocReference["kind"] }[]]>([
    [
      "a path from the root",
      "// see src/otp/account.ts.",
      "src/otp/account.ts",
      [{ written: "src/otp/account.ts", path: "src/otp/account.ts", kind: "root" }],
    ],
    [
      "a folder",
      "lives in native-host/macos/, signed",
      "README.md",
      [{ written: "native-host/macos/", path: "native-host/macos", kind: "root" }],
    ],
    [
      "an import specifier is tsc's business",
      'import { x } from "../../src/otp/account";',
      "test/unit/doc-paths.test.ts",
      [],
    ],
    [
      "a URL",
      "https://github.com/apple/password-manager-resources/src/x and http://localhost/test/page",
      "README.md",
      [],
    ],
    ["an npm package path", 'from "wxt/browser" or "@wxt-dev/module-react/src/x"', "src/otp/account.ts", []],
    [
      "globs and templates",
      'include: ["test/unit/**/*.test.ts"], docs/<name>.md, test/host/**',
      "src/otp/account.ts",
      [],
    ],
    ["a sibling folder name", "writes to test-results/screenshots/ and .output/chrome-mv3/", "README.md", []],
    [
      "a relative Markdown link",
      "[the model](../SECURITY.md#threats) and [shots](screenshots/)",
      "docs/architecture.md",
      [
        { written: "../SECURITY.md#threats", path: "SECURITY.md", kind: "link" },
        { written: "screenshots/", path: "docs/screenshots", kind: "link" },
      ],
    ],
    ["a placeholder", "Renders the icons (public/icon/SIZE.png)", "scripts/make-icons.mjs", []],
    [
      "another project's paths",
      "as in Aegis' docs/vault.md, the repository's LICENSE.md and operasoftware/devopera src/_extensions/x.md",
      "src/otp/account.ts",
      [],
    ],
    ["a domain that ends in .md", '{ names: ["Obsidian"], domains: ["obsidian.md"] }', "src/otp/account.ts", []],
    [
      "links that are not paths",
      "[site](https://example.com/a.md), [top](#layout), [mail](mailto:a@b.c)",
      "README.md",
      [],
    ],
    [
      "a bare Markdown name",
      "see SECURITY.md and bench/RESULTS.md",
      "src/otp/account.ts",
      [
        { written: "bench/RESULTS.md", path: "bench/RESULTS.md", kind: "root" },
        { written: "SECURITY.md", path: "SECURITY.md", kind: "name" },
      ],
    ],
  ])("%s", (_name, text, file, expected) => {
    expect(refsIn(text, file)).toEqual(expected);
  });

  it.each<[string, string, boolean]>([
    ["an existing file", "// see src/otp/account.ts", true],
    ["a module without its extension", "// see src/otp/account", true],
    ["an existing folder", "// in native-host/stores/", true],
    ["a file that is not there", `// see ${missing}`, false],
    ["a Markdown name no file has", `// see ${["NO", "SUCH"].join("-")}.md`, false],
    ["a document from outside the repository", `// (${design} "Host protocol")`, false],
    ["one in lower case", `// (${design?.toLowerCase()})`, false],
  ])("%s exists: %s", (_name, text, exists) => {
    const [reference] = findReferences(text, "src/otp/account.ts");
    expect(reference).toBeDefined();
    expect(reference && referenceExists(reference, files)).toBe(exists);
  });
});

describe("paths cited in code comments and docs", () => {
  it("scans the repository's source and docs", () => {
    expect(scanned).toContain("README.md");
    expect(scanned).toContain("test/stand-ins/security");
    expect(scanned.length).toBeGreaterThan(100);
  });

  it("all name something in the repository", () => {
    const broken = scanned.flatMap((file) =>
      findReferences(readFileSync(join(ROOT, file), "utf8"), file)
        .filter((reference) => !referenceExists(reference, files))
        .map((reference) => `${file}:${reference.line}: ${reference.text}`),
    );
    expect(broken, "references to paths that are not in the repository").toEqual([]);
  });

  it.each(OUTSIDE_DOCS)("never mention %s, which is not part of the repository", (name) => {
    const mentions = scanned.flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (line.toLowerCase().includes(name.toLowerCase()) ? [`${file}:${index + 1}`] : [])),
    );
    expect(mentions).toEqual([]);
  });
});
