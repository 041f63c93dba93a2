import { describe, expect, it } from "vitest";
import { GITHUB_URI, UNKNOWN_ISSUER_URI, withTempCli } from "./temp-cli";

const cli = withTempCli();

/** The sites of the only account. */
const hosts = async () => (await cli().accounts())[0]?.domains.map((binding) => binding.host);

describe("twofold bind and unbind", () => {
  it.each([["GitHub.com"], ["https://github.com/login"], ["github.com."], ["HTTPS://GITHUB.COM:443/session?x=1"]])(
    "bind %s binds github.com, as the options page would",
    async (site) => {
      const { id } = await cli().seed(UNKNOWN_ISSUER_URI);
      const result = cli().run(["bind", "Example", site]);
      expect(result).toMatchObject({ status: 0, stderr: "" });
      expect(result.stdout).toBe("Bound Example Co (bob) to github.com. Its sites: github.com.\n");
      expect(await cli().accounts()).toEqual([
        expect.objectContaining({ id, domains: [{ host: "github.com", source: "user" }] }),
      ]);
    },
  );

  it("binds several sites at once, keeps the ones already bound, and says so", async () => {
    await cli().seed(UNKNOWN_ISSUER_URI, ["example.com"]);
    const result = cli().run(["bind", "Example", "example.com", "login.example.org"]);
    expect(result.stdout).toBe(
      "Bound Example Co (bob) to login.example.org (example.com already was). Its sites: example.com, login.example.org.\n",
    );
    const again = cli().run(["bind", "Example", "https://example.com/"]);
    expect(again).toMatchObject({
      status: 0,
      stdout: "Example Co (bob) was already bound to example.com; nothing changed.\n",
    });
  });

  it.each([
    ["com", /"com" cannot be bound to an account: it has no domain part/],
    ["co.uk", /co\.uk is a public suffix/],
    ["not a host", /"not a host" cannot be bound/],
  ])("refuses %s and binds nothing, not even the good sites beside it", async (site, message) => {
    await cli().seed(UNKNOWN_ISSUER_URI);
    const result = cli().run(["bind", "Example", "example.com", site]);
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(await hosts()).toEqual([]);
  });

  it("unbinds by URL, and warns with the command to run when no site is left", async () => {
    const { id } = await cli().seed(UNKNOWN_ISSUER_URI, ["github.com", "example.com"]);
    const one = cli().run(["unbind", "Example", "https://github.com/login"]);
    expect(one).toMatchObject({
      status: 0,
      stderr: "",
      stdout: "Unbound Example Co (bob) from github.com. Its sites: example.com.\n",
    });
    const last = cli().run(["unbind", "Example", "example.com"]);
    expect(last.stdout).toBe("Unbound Example Co (bob) from example.com.\n");
    expect(last.stderr).toContain(`To bind one: twofold bind ${id.slice(0, 8)} SITE`);
    expect(await hosts()).toEqual([]);
  });

  it("refuses to unbind a site the account is not bound to, naming the ones it is", async () => {
    await cli().seed(UNKNOWN_ISSUER_URI, ["example.com"]);
    const result = cli().run(["unbind", "Example", "example.com", "github.com"]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe(
      "twofold: Example Co (bob) is not bound to github.com; nothing was changed. Its sites: example.com.\n",
    );
    expect(await hosts()).toEqual(["example.com"]);
  });
});

describe("twofold add and sites", () => {
  it("warns about an account with no site, and the command it suggests binds one", async () => {
    const added = cli().run(["add", "-"], { input: UNKNOWN_ISSUER_URI });
    expect(added.stdout).toBe("Added Example Co (bob).\n");
    const suggested = /Bind the site you sign in on: (twofold bind [0-9a-f]{8} SITE)/.exec(added.stderr)?.[1];
    expect(suggested, added.stderr).toBeDefined();
    const args = (suggested ?? "").replace("SITE", "example.com").split(" ").slice(1);
    expect(cli().run(args)).toMatchObject({ status: 0 });
    expect(await hosts()).toEqual(["example.com"]);
  });

  it("repeats --store in the suggested command when it was given", () => {
    const added = cli().run(["--store", cli().store, "add", "-"], {
      input: UNKNOWN_ISSUER_URI,
      env: { TWOFOLD_STORE: undefined },
    });
    expect(added.stderr).toContain(" SITE --store file:/");
    expect(added.stderr).toContain(`--store ${cli().store} (e.g. example.com)`);
  });

  it.each([
    ["a known issuer", ["add", "-"], GITHUB_URI],
    ["--domain", ["add", "-", "--domain", "example.com"], UNKNOWN_ISSUER_URI],
  ])("does not warn when the account has a site (%s)", (_name, args, input) => {
    const added = cli().run(args, { input });
    expect(added).toMatchObject({ status: 0, stderr: "" });
  });
});
