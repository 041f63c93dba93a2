import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { HOST_BUNDLE } from "../support/host-process";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXTENSION = join(ROOT, ".output", "firefox-mv2");
const DRIVER = join(ROOT, "test", "support", "firefox-fill.mjs");
const GITHUB = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const hasFirefox = spawnSync("sh", ["-c", "command -v firefox-esr"]).status === 0;
const required = process.env.TWOFOLD_REQUIRE_FIREFOX === "1";

// Debian's firefox-esr, the Firefox build and the real host, end to end. CI
// installs firefox-esr and sets TWOFOLD_REQUIRE_FIREFOX=1, so this can never
// pass there by skipping. Elsewhere a skip says why, in its title and once on stderr.
const SUITE = "Firefox with the Twofold add-on and host";
const skipped = !hasFirefox && !required;
const SKIP_REASON = "skipped: firefox-esr is not installed; apt-get install firefox-esr";
if (skipped) console.warn(`${SUITE}: ${SKIP_REASON}`);
describe.skipIf(skipped)(skipped ? `${SUITE} (${SKIP_REASON})` : SUITE, () => {
  it("fills a code through Firefox's native messaging (allowed_extensions manifest, Firefox's argv)", async () => {
    expect(hasFirefox, "TWOFOLD_REQUIRE_FIREFOX=1 but firefox-esr is not installed (apt-get install firefox-esr)").toBe(
      true,
    );
    expect(existsSync(join(EXTENSION, "manifest.json")), "build it first: npm run build:firefox").toBe(true);
    const home = await mkdtemp(join(tmpdir(), "twofold-firefox-"));
    const html = await readFile(join(ROOT, "scripts", "demo", "login.html"));
    const server = createServer((_request, response) =>
      response.writeHead(200, { "content-type": "text/html" }).end(html),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const env = { ...process.env, HOME: home, TWOFOLD_STORE: `file:${join(home, "vault.json")}` };
      const cli = (...args: string[]) =>
        execFileSync(process.execPath, [HOST_BUNDLE, ...args], { env, encoding: "utf8" });
      cli("add", GITHUB, "--domain", "localhost");
      cli("install", "--browser", "firefox");
      expect(existsSync(join(home, ".mozilla", "native-messaging-hosts", "dev.twofold.host.json"))).toBe(true);
      const profile = join(home, "profile");
      await mkdir(profile);
      const url = `http://localhost:${(server.address() as AddressInfo).port}/login`;
      // Asynchronously: the page is served from this process, which must keep answering.
      const { stdout } = await run(
        process.execPath,
        ["--experimental-websocket", DRIVER, EXTENSION, url, "#otp", profile],
        {
          env,
          encoding: "utf8",
          timeout: 90_000,
        },
      );
      const outcome = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as {
        value?: string;
        error?: string;
        log?: string;
      };
      expect(outcome.error, outcome.log).toBeUndefined();
      const params = parseOtpUri(GITHUB).params;
      expect([generateCode(params).code, generateCode(params, Date.now() - 5000).code]).toContain(outcome.value);
    } finally {
      server.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
