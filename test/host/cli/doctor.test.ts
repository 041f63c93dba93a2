import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AccountService } from "../../../native-host/accounts/account-service";
import { runDoctor } from "../../../native-host/doctor/run-doctor";
import { FileVaultStore } from "../../../native-host/stores/file-vault-store";
import { methods } from "../../../src/protocol/methods";
import { withTempCli } from "./temp-cli";

const cli = withTempCli();

describe("twofold doctor", () => {
  it("shows stores this machine does not have as neutral, not as fine", () => {
    const { stdout } = cli().run(["doctor"]);
    const absent = stdout.split("\n").filter((line) => line.includes("not on this machine"));
    expect(absent).toEqual([
      "· available store keychain: not on this machine (macOS only)",
      "· available store icloud: not on this machine (macOS only)",
    ]);
    const json = JSON.parse(cli().run(["doctor", "--json"]).stdout) as { level: string; message: string }[];
    expect(json.filter((finding) => finding.message.startsWith("not on this machine")).map((f) => f.level)).toEqual([
      "info",
      "info",
    ]);
  });

  it("gives the options page the same neutral level, in the protocol's shape", async () => {
    const dir = cli().dir;
    const findings = await runDoctor({
      environment: { platform: "linux", home: dir, env: {} },
      spec: { kind: "file", path: join(dir, "vault.json") },
      accounts: async () => new AccountService(new FileVaultStore(join(dir, "vault.json"))),
      fromHost: true,
    });
    expect(() => methods.doctor.result.parse({ findings })).not.toThrow();
    expect(findings.find((finding) => finding.subject === "available store keychain")?.level).toBe("info");
  });

  it("lists the other browsers once each, only those that install here, and exits 1", () => {
    const result = cli().run(["doctor"]);
    expect(result.stdout).toContain(
      "✗ browsers: the Twofold host is not installed for any browser\n    fix: twofold install --browser chrome (or chromium, edge, brave, vivaldi, opera, firefox)\n",
    );
    expect(result.status).toBe(1);
  });

  it("exits 0 when nothing is wrong", () => {
    const profile = join(cli().dir, "profile");
    expect(cli().run(["install", "--browser", "chromium", "--user-data-dir", profile]).status).toBe(0);
    const result = cli().run(["doctor", "--user-data-dir", profile]);
    expect(result.stdout).not.toContain("✗");
    expect(result.status).toBe(0);
  });
});
