import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../native-host/cli/main";
import { withTempCli } from "./temp-cli";

const cli = withTempCli();
const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("help", () => {
  const pages: [string, string[]][] = [
    ["twofold help", ["help"]],
    ["twofold --help", ["--help"]],
    ...COMMANDS.map((command): [string, string[]] => [`twofold ${command.name} --help`, [command.name, "--help"]]),
  ];

  it.each(pages)("%s fits 80 columns", (_name, args) => {
    const result = cli().run(args);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    const wide = result.stdout.split("\n").filter((line) => [...line].length > 80);
    expect(wide).toEqual([]);
  });

  it("names every command, the exit statuses, and how to get a command's help", () => {
    const { stdout } = cli().run(["help"]);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command.name} `, "m"));
    expect(stdout).toContain("Exit status: 0 done, 1 failed, 2 used wrongly.");
    expect(stdout).toContain("twofold COMMAND --help");
  });

  it.each([
    ["export", /TWOFOLD_EXPORT_PASSWORD/],
    ["import", /TWOFOLD_IMPORT_PASSWORD/],
    ["add", /twofold add -/],
    ["install", /TWOFOLD_PASSPHRASE is refused/],
  ])("twofold %s --help explains %s", (name, text) => {
    expect(cli().run([name, "--help"]).stdout).toMatch(text);
  });

  it("the README's CLI table lists every command", () => {
    const section = README.slice(
      README.indexOf("## The CLI"),
      README.indexOf("\n## ", README.indexOf("## The CLI") + 1),
    );
    for (const command of COMMANDS) expect(section).toMatch(new RegExp(`\`(twofold )?${command.name}[ \`]`));
  });
});
