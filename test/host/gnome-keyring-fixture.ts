import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import type { Environment } from "../../native-host/paths";

/**
 * True inside `scripts/with-keyring.sh`: a private session bus with a
 * throwaway, unlocked gnome-keyring. A desktop's own DBUS_SESSION_BUS_ADDRESS
 * is not enough — these tests create, lock and empty collections, and must
 * never do that to a developer's real keyring.
 */
export const inKeyringSession =
  process.env.TWOFOLD_IN_KEYRING_SESSION === "1" && Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

const RUN_HINT =
  "run: scripts/with-keyring.sh npx vitest run test/host/store-contract.test.ts test/host/secret-service-store.test.ts";

/**
 * A describe block that needs the real keyring. Outside a keyring session it
 * is skipped with the reason in its title — or, when TWOFOLD_REQUIRE_KEYRING=1
 * (CI), it fails, so a broken CI setup can never pass by skipping.
 */
export function describeWithKeyring(name: string, body: () => void, options: { timeout?: number } = {}): void {
  if (!inKeyringSession && process.env.TWOFOLD_REQUIRE_KEYRING === "1") {
    describe(name, () => {
      it("runs inside a real GNOME Keyring session", () => {
        throw new Error(`TWOFOLD_REQUIRE_KEYRING=1 but this run is not inside a keyring session; ${RUN_HINT}`);
      });
    });
    return;
  }
  const reason = `skipped: no private GNOME Keyring session; ${RUN_HINT}`;
  // The default reporter shows only counts for a skipped file; say why once.
  if (!inKeyringSession) console.warn(`${name}: ${reason}`);
  describe.skipIf(!inKeyringSession)(inKeyringSession ? name : `${name} (${reason})`, options, body);
}

/** The environment a host inside the keyring session sees. */
export function keyringEnvironment(): Environment {
  return {
    platform: "linux",
    home: process.env.HOME ?? tmpdir(),
    env: { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS },
  };
}

export { TestKeyring } from "../support/test-keyring";

/** Runs `secret-tool` (libsecret-tools); `input` goes to stdin, as secret-tool reads secrets there. */
export function secretTool(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("secret-tool", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/**
 * A second, empty session bus: no service files, so nothing is activated
 * on it and `org.freedesktop.secrets` exists only if a test claims it.
 */
export async function startPrivateBus(): Promise<{ address: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "twofold-bus-"));
  const config = join(dir, "bus.conf");
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, "bus")}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon: ChildProcess = spawn("dbus-daemon", ["--nofork", "--print-address", `--config-file=${config}`], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = "";
    daemon.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const line = output.split("\n")[0];
      if (output.includes("\n") && line) resolve(line.trim());
    });
    daemon.on("error", reject);
    daemon.on("exit", (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
  return {
    address,
    stop: async () => {
      daemon.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
