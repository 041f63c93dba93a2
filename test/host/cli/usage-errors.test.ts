import { describe, expect, it } from "vitest";
import { withTempCli } from "./temp-cli";

const cli = withTempCli();

// Each mistake a person makes at the prompt, and the one line Twofold answers with.
const MISTAKES: [args: string[], line: RegExp][] = [
  [["lsit"], /^twofold: unknown command "lsit"; did you mean `list`\? Run `twofold help`/],
  [["remvoe", "x"], /did you mean `remove`\?/],
  [["frobnicate"], /^twofold: unknown command "frobnicate"\. Run `twofold help` for the list of commands\.$/],
  [["help", "lsit"], /unknown command "lsit"; did you mean `list`\?/],
  [["list", "--jsn"], /^twofold: list has no option --jsn; did you mean --json\? Usage: twofold list \[--json\]$/],
  [["code", "ACME", "--jsno"], /did you mean --json\?/],
  [["list", "-x"], /^twofold: list has no option -x\. Run `twofold list --help` for its options\.$/],
  [["list", "--json=yes"], /--json takes no value \(got "yes"\)/],
  [["list", "extra"], /list takes no arguments \(got "extra"\)/],
  [["code", "ACME", "extra"], /unexpected argument \(got "extra"\)/],
  [
    ["code", "ACME", "--at", "-5"],
    /^twofold: --at takes whole seconds since 1970, 0 or more, e\.g\. --at 59 \(got "-5"\)\./,
  ],
  [["code", "ACME", "--at=1.5"], /--at takes whole seconds since 1970.*\(got "1\.5"\)/],
  [["code", "ACME", "--at"], /^twofold: --at needs a value\. Usage: twofold code QUERY/],
  [["code", "ACME", "--at", "--json"], /--at needs a value/],
  [["code"], /missing which account/],
  [["add"], /missing the otpauth:\/\/ URI \(pipe it in with `twofold add -`\)/],
  [["bind", "ACME"], /missing the site to bind/],
  [["unbind"], /missing which account/],
  [["install"], /--browser is required \(one of chrome, chromium/],
  [["install", "--browser", "chrom"], /unknown browser "chrom"; did you mean chrome\?/],
  [["install", "--browser", "firefox", "--user-data-dir", "x"], /--user-data-dir is for Chromium-family browsers/],
  [["doctor", "--browser", "firefx"], /did you mean firefox\?/],
  [["export"], /say where to write the backup: --output FILE, a folder/],
  [["import", "--format", "csv", "x"], /unknown format "csv"/],
  [["migrate", "--from", "keychain"], /--from and --to are both required/],
  [["migrate", "--from", "nope", "--to", "keychain"], /Unknown store "nope"/],
  [["migrate", "--from", "file:a", "--to", "keychain", "--to-key-file"], /--to-key-file is for a file:PATH target/],
  [["--stor", "x", "list"], /--stor is not an option that goes before the command; did you mean --store\?/],
  [["--store", "nope", "list"], /^twofold: --store: Unknown store "nope"/],
];

describe("usage errors", () => {
  it.each(MISTAKES)("twofold %j: one line on stderr, exit 2", (args, line) => {
    const result = cli().run(args);
    expect(result.stderr.trimEnd()).toMatch(line);
    expect(result.stderr.split("\n")).toEqual([expect.stringMatching(/^twofold: /), ""]);
    // Never Node's own argument-parser text.
    expect(result.stderr).not.toMatch(/ERR_PARSE_ARGS|To specify|Did you forget/);
    expect(result).toMatchObject({ status: 2, stdout: "" });
  });

  it("a bad TWOFOLD_STORE is a usage error too", () => {
    const result = cli().run(["list"], { env: { TWOFOLD_STORE: "nope" } });
    expect(result).toMatchObject({ status: 2, stdout: "" });
    expect(result.stderr).toMatch(/^twofold: TWOFOLD_STORE: Unknown store "nope"/);
  });

  it("a failure that is not a usage error exits 1, on one line", () => {
    const result = cli().run(["code", "nobody"]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe(
      'twofold: No account matches "nobody". Run `twofold list` to see your accounts and their ids.\n',
    );
  });
});
