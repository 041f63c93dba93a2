import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import { expect, test } from "./support/extension-test";
import { DEMO_LOGIN, servePage } from "./support/page-server";
import { PopupPage } from "./support/popup-page";

// Secrets of the session: added by the CLI, and brought in by an import.
const SECRETS = ["JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", "MFRGGZDFMZTWQ2LK"];
const LOCAL = `otpauth://totp/Local:me?secret=${SECRETS[0]}&issuer=Local`;
const GITHUB = `otpauth://totp/GitHub:octocat?secret=${SECRETS[1]}&issuer=GitHub`;
const IMPORTED = `otpauth://totp/Imported:me?secret=${SECRETS[2]}&issuer=Imported`;
const RECORDER = fileURLToPath(new URL("../support/recording-host.mjs", import.meta.url));

/** Every way a secret could be written: as given, lower case, and as the raw bytes' hex and base64. */
function forms(secret: string): string[] {
  const bytes = base32Bytes(secret);
  return [secret, secret.toLowerCase(), bytes.toString("hex"), bytes.toString("base64").replace(/=+$/, "")];
}
function base32Bytes(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  return Buffer.from(bits.match(/.{8}/g)?.map((byte) => Number.parseInt(byte, 2)) ?? []);
}

let server: Awaited<ReturnType<typeof servePage>>;
let pageUrl: string;
let recordDir: string;

test.beforeAll(async () => {
  server = await servePage(DEMO_LOGIN);
  pageUrl = server.url;
  recordDir = await mkdtemp(join(tmpdir(), "twofold-record-"));
});
test.afterAll(async () => {
  await server.close();
  await rm(recordDir, { recursive: true, force: true });
});

/**
 * The recorder sits between the browser and the host from the start: the
 * launcher the manifest points at is rewritten before the browser launches
 * (the background may start the host as soon as it starts).
 */
const recordedTest = test.extend({
  world: async ({ world }, use) => {
    const launcher = join(world.userDataDir, "NativeMessagingHosts", "dev.twofold.host.launcher.sh");
    const original = await readFile(launcher, "utf8");
    await writeFile(
      launcher,
      original.replace(
        /^exec '([^']+)' '([^']+)' host/m,
        `export TWOFOLD_RECORD_DIR='${recordDir}'\nexec '$1' '${RECORDER}' '$1' '$2' host`,
      ),
    );
    await use(world);
  },
});

recordedTest(
  "a whole session — popup, fill, pin, import — leaves no secret on the extension side",
  async ({ world, context, extensionId, serviceWorker }) => {
    world.cli(["add", LOCAL, "--domain", "localhost"]);
    world.cli(["add", GITHUB]);
    const logs: string[] = [];
    serviceWorker.on("console", (message) => logs.push(message.text()));
    context.on("console", (message) => logs.push(message.text()));

    // Popup: look at codes, pin an account.
    const popup = await PopupPage.open(context, extensionId);
    popup.page.on("console", (message) => logs.push(message.text()));
    await expect(popup.row("GitHub")).toBeVisible();
    await popup
      .row("GitHub")
      .getByRole("button", { name: /^Pin GitHub/ })
      .click();
    await expect(popup.page.getByRole("heading", { name: "Pinned" })).toBeVisible();

    // Fill: a trusted click on a code field.
    const site = await context.newPage();
    await site.goto(pageUrl);
    await site.click("#otp");
    await expect(site.locator("#otp")).toHaveValue(/^\d{6}$/);

    // Import through the options page.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const file = join(recordDir, "export.txt");
    await writeFile(file, `${IMPORTED}\n`);
    await options.getByLabel("Export file").setInputFiles(file);
    await options.getByRole("button", { name: "Check file" }).click();
    await options.getByRole("button", { name: /^Import 1 account/ }).click();
    await expect(options.getByRole("status")).toContainText("Imported 1 account");
    await popup.page.reload();
    await expect(popup.row("Imported")).toBeVisible();

    // Everything the host sent to the browser.
    const recordings = await readdir(recordDir);
    const fromHost = recordings.filter((name) => name.endsWith(".from-host.bin"));
    expect(fromHost.length).toBeGreaterThan(0);
    const replies: string[] = [];
    for (const name of fromHost) {
      const decoder = new FrameDecoder(1 << 20);
      for (const frame of decoder.push(await readFile(join(recordDir, name)))) {
        if (frame.kind === "frame") replies.push(frame.body.toString("utf8"));
      }
    }
    expect(replies.length).toBeGreaterThan(10);
    // Everything the extension keeps: every storage area, and every log line.
    const stored = await serviceWorker.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          chrome: { storage: Record<string, { get(keys: null): Promise<unknown> } | undefined> };
        }
      ).chrome;
      const areas = ["local", "sync", "session"] as const;
      return JSON.stringify(await Promise.all(areas.map((area) => api.storage[area]?.get(null))));
    });
    const extensionSide = [...replies, stored, ...logs].join("\n");
    for (const secret of SECRETS) {
      for (const form of forms(secret))
        expect(extensionSide, `a form of a secret (${form.slice(0, 4)}…) reached the extension`).not.toContain(form);
    }
    // The recorder saw the real traffic (not an empty pipe): the imported account came back, and the
    // import's own request — the one message that must carry a secret, to the host — was caught.
    expect(extensionSide).toContain('"issuer":"Imported"');
    const toHost = await Promise.all(
      recordings.filter((name) => name.endsWith(".to-host.bin")).map((name) => readFile(join(recordDir, name), "utf8")),
    );
    expect(toHost.join("")).toContain(SECRETS[2]);
  },
);
