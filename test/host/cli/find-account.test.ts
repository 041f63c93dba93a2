import { describe, expect, it } from "vitest";
import { findAccount } from "../../../native-host/cli/find-account";
import type { AccountSummary } from "../../../src/otp/account";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { GITHUB_URI, UNKNOWN_ISSUER_URI, withTempCli } from "./temp-cli";

const account = (id: string, issuer: string, label: string): AccountSummary => ({
  id,
  issuer,
  label,
  domains: [],
  pinned: false,
  kind: "totp",
  digits: 6,
  period: 30,
});

const ACCOUNTS = [
  account("ab12cd34ef56ab12cd34ef56ab12cd34", "GitHub", "octocat"),
  account("ab12cd99ef56ab12cd34ef56ab12cd34", "GitLab", "octocat"),
  account("ab12cd99ff56ab12cd34ef56ab12cd34", "Google", "ada@example.com"),
  account("f00dbeef00000000000000000000000", "ACME", "alice"),
  account("12345678000000000000000000000000", "ACME Corp", "bob"),
];

describe("findAccount", () => {
  it.each([
    ["the whole id", "ab12cd34ef56ab12cd34ef56ab12cd34", "GitHub"],
    ["8 characters of the id", "ab12cd34", "GitHub"],
    ["4 characters of the id", "f00d", "ACME"],
    ["an id prefix in capitals", "F00DBEEF", "ACME"],
    ["an issuer exactly, though another issuer contains it", "acme", "ACME"],
    ["issuer:label", "github:octocat", "GitHub"],
    ["text in one label", "ada@", "Google"],
  ])("finds by %s", (_how, query, issuer) => {
    expect(findAccount(ACCOUNTS, query).issuer).toBe(issuer);
  });

  it.each([
    [
      "an id prefix of several accounts, listed with the ids that tell them apart",
      "ab12",
      '"ab12" matches 3 accounts: GitHub (octocat) [ab12cd34e], GitLab (octocat) [ab12cd99e], Google (ada@example.com) [ab12cd99f]. Name one by its id.',
    ],
    [
      "text in several labels",
      "octocat",
      '"octocat" matches 2 accounts: GitHub (octocat) [ab12cd34], GitLab (octocat) [ab12cd99]. Name one by its id.',
    ],
    [
      "a prefix of 3 characters",
      "f00",
      'No account matches "f00". An id prefix needs at least 4 characters. Run `twofold list` to see your accounts and their ids.',
    ],
    ["nothing", "nobody", 'No account matches "nobody". Run `twofold list` to see your accounts and their ids.'],
  ])("refuses %s", (_how, query, message) => {
    const error = (() => {
      try {
        return findAccount(ACCOUNTS, query);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isTwofoldError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
  });
});

describe("id prefixes in the CLI", () => {
  const cli = withTempCli();

  it.each([["code"], ["pin"], ["unpin"], ["remove"]])("%s takes a 4-character id prefix", async (command) => {
    const { id } = await cli().seed(UNKNOWN_ISSUER_URI);
    await cli().seed(GITHUB_URI);
    const result = cli().run([command, id.slice(0, 4)]);
    expect(result, result.stderr).toMatchObject({ status: 0, stderr: "" });
  });
});
