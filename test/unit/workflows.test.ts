import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// action-validator checks a workflow against the GitHub workflow schema
// (SchemaStore's), plus its globs; WebAssembly, so nothing to build.
const { validateWorkflow } = createRequire(import.meta.url)("@action-validator/core") as {
  validateWorkflow(source: string): { errors: unknown[] };
};

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIR = `${ROOT}.github/workflows/`;
const workflows = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name));

describe("GitHub workflows", () => {
  it("include the macOS lane", () => {
    expect(workflows).toContain("macos.yml");
  });

  it.each(workflows)("%s validates against the workflow schema", (name) => {
    expect(validateWorkflow(readFileSync(DIR + name, "utf8")).errors).toEqual([]);
  });

  it.each(workflows)("%s names only files that exist", (name) => {
    const named = readFileSync(DIR + name, "utf8").match(/\b(?:native-host|test|scripts)\/[\w./-]*\w/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !existsSync(ROOT + path))).toEqual([]);
  });

  it.each([
    ["a misspelt key", "on: push\njobs:\n  mac:\n    runs-on: macos-15\n    stepz:\n      - run: swift build\n"],
    ["no jobs", "on: push\n"],
    [
      "a step that neither runs nor uses",
      "on: push\njobs:\n  mac:\n    runs-on: macos-15\n    steps:\n      - name: x\n",
    ],
  ])("the check refuses %s", (_name, source) => {
    expect(validateWorkflow(source).errors.length).toBeGreaterThan(0);
  });
});
