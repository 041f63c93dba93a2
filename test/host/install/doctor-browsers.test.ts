import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../native-host/doctor/finding";
import { BROWSER_IDS } from "../../../native-host/install/browsers";
import { LAUNCHER_FILE, MANIFEST_FILE } from "../../../native-host/install/host-manifest";
import { installHost } from "../../../native-host/install/install-host";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../../src/identity";
import { HOST_BUNDLE } from "../../support/host-process";
import {
  browser,
  type Case,
  doctor,
  environment,
  expectedDirs,
  install,
  OTHER_CHROMIUM_ID,
  OTHER_FIREFOX_ID,
  reinstallCommand,
  root,
  STORE,
  SUPPORTED,
  withTempMachine,
} from "./install-machine";

withTempMachine();

describe("checkBrowsers (doctor) finds each broken install and names the fix", () => {
  /**
   * Breaks a fresh install in its first folder (or, for a changed extension
   * id, in all of them); returns the finding doctor must report there.
   */
  type Breakage = (
    c: Case,
    dir: string,
  ) => Promise<{ message: RegExp; fix: string; level?: Finding["level"]; everyFolder?: boolean }>;

  const BREAKAGES: [string, Breakage][] = [
    [
      "node moved",
      async (c, dir) => {
        await writeFile(
          join(dir, LAUNCHER_FILE),
          (await readFile(join(dir, LAUNCHER_FILE), "utf8")).replace(process.execPath, "/opt/gone/bin/node"),
        );
        return { message: /runs node at \/opt\/gone\/bin\/node, which is gone/, fix: reinstallCommand(c) };
      },
    ],
    [
      "host script gone",
      async (c, dir) => {
        await writeFile(
          join(dir, LAUNCHER_FILE),
          (await readFile(join(dir, LAUNCHER_FILE), "utf8")).replace(HOST_BUNDLE, "/opt/gone/twofold.cjs"),
        );
        return { message: /runs \/opt\/gone\/twofold\.cjs, which is gone/, fix: reinstallCommand(c) };
      },
    ],
    [
      "single executable gone",
      async (c, dir) => {
        await writeFile(
          join(dir, LAUNCHER_FILE),
          (await readFile(join(dir, LAUNCHER_FILE), "utf8")).replace(
            `'${process.execPath}' '${HOST_BUNDLE}'`,
            "'/opt/gone/twofold'",
          ),
        );
        return {
          message: /runs the Twofold executable at \/opt\/gone\/twofold, which is gone or not executable/,
          fix: reinstallCommand(c),
        };
      },
    ],
    [
      "launcher gone",
      async (c, dir) => {
        await rm(join(dir, LAUNCHER_FILE));
        return { message: /which does not exist/, fix: reinstallCommand(c) };
      },
    ],
    [
      "launcher not executable",
      async (_c, dir) => {
        await chmod(join(dir, LAUNCHER_FILE), 0o644);
        const path = join(dir, LAUNCHER_FILE);
        return { message: /is not executable/, fix: `chmod 755 ${path.includes(" ") ? `'${path}'` : path}` };
      },
    ],
    [
      "manifest JSON broken",
      async (c, dir) => {
        await writeFile(join(dir, MANIFEST_FILE), '{"name": "dev.twofold.host",');
        return { message: /is not valid JSON/, fix: reinstallCommand(c) };
      },
    ],
    [
      "manifest path not absolute",
      async (c, dir) => {
        await editManifest(dir, (manifest) => ({ ...manifest, path: LAUNCHER_FILE }));
        return { message: /a relative path/, fix: reinstallCommand(c) };
      },
    ],
    [
      "manifest with the other family's key",
      async (c, dir) => {
        await editManifest(dir, ({ allowed_origins, allowed_extensions, ...manifest }) =>
          c.browser.family === "firefox"
            ? { ...manifest, allowed_origins: allowed_extensions }
            : { ...manifest, allowed_extensions: [FIREFOX_ADDON_ID] },
        );
        return {
          message:
            c.browser.family === "firefox"
              ? /under allowed_origins, which is Chromium's key; Firefox rejects it and Firefox needs allowed_extensions/
              : /under allowed_extensions, which is Firefox's key; .* needs allowed_origins/,
          fix: reinstallCommand(c),
        };
      },
    ],
    [
      "extension id changed",
      async (c) => ({
        everyFolder: true,
        message: /its id changed/,
        fix: reinstallCommand(
          c,
          ` --extension-id ${c.browser.family === "firefox" ? `'${OTHER_FIREFOX_ID}'` : OTHER_CHROMIUM_ID}`,
        ),
      }),
    ],
    [
      "launcher left without a manifest",
      async (c, dir) => {
        await rm(join(dir, MANIFEST_FILE));
        return {
          level: "warn",
          message: /there is no dev\.twofold\.host\.json beside it/,
          fix: `${reinstallCommand(c)} (or, to remove it: ${c.system ? "sudo " : ""}twofold uninstall --browser ${c.browser.id}${c.system ? " --system" : ""})`,
        };
      },
    ],
  ];

  async function editManifest(dir: string, edit: (manifest: Record<string, unknown>) => Record<string, unknown>) {
    const path = join(dir, MANIFEST_FILE);
    await writeFile(path, JSON.stringify(edit(JSON.parse(await readFile(path, "utf8")))));
  }

  it.each(SUPPORTED)("a fresh install of $label is all ok", async (c) => {
    await install(c);
    const findings = await doctor(c);
    expect(findings.map((finding) => finding.level)).toEqual(expectedDirs(c, root).map(() => "ok"));
    for (const [index, dir] of expectedDirs(c, root).entries()) {
      expect(findings[index]?.message).toBe(`host installed (${join(dir, MANIFEST_FILE)}), store ${STORE}`);
    }
  });

  const MATRIX = SUPPORTED.flatMap((c) => BREAKAGES.map(([name, breakage]) => ({ ...c, name, breakage })));

  it.each(MATRIX)("$label: $name", async ({ breakage, name, ...c }) => {
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    const expected = await breakage(c, dir);
    const extensionId =
      name === "extension id changed"
        ? c.browser.family === "firefox"
          ? OTHER_FIREFOX_ID
          : OTHER_CHROMIUM_ID
        : undefined;
    const findings = await doctor(c, { extensionId });
    const found = findings.filter((finding) => expected.message.test(finding.message));
    expect(found, JSON.stringify(findings, null, 2)).toHaveLength(
      expected.everyFolder ? expectedDirs(c, root).length : 1,
    );
    expect(found[0]).toMatchObject({ level: expected.level ?? "error", fix: expected.fix });
    expect(found[0]?.subject).toBe(`${c.browser.name}${c.system ? " (system)" : ""}`);
  });

  it("says how to install when nothing is installed", async () => {
    const c = SUPPORTED[0] as Case;
    expect(await doctor(c, { filter: false })).toEqual([
      {
        level: "error",
        subject: "browsers",
        message: "the Twofold host is not installed for any browser",
        // Chrome is suggested first; Arc has no folder on Linux, so it is not offered there.
        fix: `twofold install --browser chrome (or ${BROWSER_IDS.filter((id) => id !== "chrome" && id !== "arc").join(", ")})`,
      },
    ]);
    expect((await doctor({ ...c, browser: browser("firefox") }))[0]?.fix).toBe("twofold install --browser firefox");
  });

  it("names every browser that reads a shared folder, and keeps a non-default store in the fix", async () => {
    const c: Case = { browser: browser("brave"), os: "darwin", system: false, label: "" };
    await installHost(
      {
        browser: c.browser,
        extensionId: DEV_EXTENSION_ID,
        storeSpec: "file:/Users/ada/My Vault.json",
        program: "/opt/gone/node",
        hostScript: HOST_BUNDLE,
      },
      environment("darwin"),
    );
    const findings = await doctor(c, { filter: false });
    const shared = findings.find(
      (finding) => finding.subject === "Google Chrome, Brave, Opera" && finding.level === "error",
    );
    expect(shared?.fix).toBe("twofold install --browser brave --store 'file:/Users/ada/My Vault.json'");
  });

  it("warns, rather than fails, about an install for another build's id", async () => {
    const c: Case = { browser: browser("chrome"), os: "linux", system: false, label: "" };
    await install(c, { extensionId: OTHER_CHROMIUM_ID });
    const findings = await doctor(c);
    expect(findings).toEqual([
      expect.objectContaining({ level: "warn", message: expect.stringContaining("not the development build's") }),
    ]);
    expect(await doctor(c, { extensionId: OTHER_CHROMIUM_ID })).toEqual([expect.objectContaining({ level: "ok" })]);
  });

  it("refuses a manifest whose origin Chromium cannot read", async () => {
    const c: Case = { browser: browser("chromium"), os: "linux", system: false, label: "" };
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    await editManifest(dir, (manifest) => ({ ...manifest, allowed_origins: ["chrome-extension://*/"] }));
    const [finding] = await doctor(c);
    expect(finding).toMatchObject({ level: "error", message: expect.stringContaining("refuses the manifest") });
  });
});
