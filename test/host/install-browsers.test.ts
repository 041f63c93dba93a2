import { spawn } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkBrowsers } from "../../native-host/doctor/check-browsers";
import type { Finding } from "../../native-host/doctor/finding";
import { encodeFrame } from "../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../native-host/framing/frame-decoder";
import { BROWSER_IDS, type BrowserInfo, findBrowser, type HostOs } from "../../native-host/install/browsers";
import { buildLauncher, LAUNCHER_FILE, MANIFEST_FILE } from "../../native-host/install/host-manifest";
import { installHost, uninstallHost } from "../../native-host/install/install-host";
import type { Environment } from "../../native-host/paths";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../src/identity";
import { isTwofoldError } from "../../src/protocol/twofold-error";
import { HOST_BUNDLE } from "../support/host-process";

// Where each browser reads host manifests, written out rather than computed,
// so a change to native-host/install/browsers.ts has to change this table too.
// User folders are relative to the home folder, system folders to `/`.
const MAC = "Library/Application Support";
const EXPECTED: Record<string, Record<HostOs, { user: string[]; system: string[] }>> = {
  chrome: {
    linux: { user: [".config/google-chrome/NativeMessagingHosts"], system: ["/etc/opt/chrome/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  chromium: {
    linux: { user: [".config/chromium/NativeMessagingHosts"], system: ["/etc/chromium/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Chromium/NativeMessagingHosts`],
      system: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
  },
  edge: {
    linux: { user: [".config/microsoft-edge/NativeMessagingHosts"], system: ["/etc/opt/edge/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Microsoft Edge/NativeMessagingHosts`],
      system: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
    },
  },
  brave: {
    linux: {
      user: [".config/BraveSoftware/Brave-Browser/NativeMessagingHosts"],
      system: ["/etc/chromium/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/BraveSoftware/Brave-Browser/NativeMessagingHosts`, `${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: [
        "/Library/Application Support/Chromium/NativeMessagingHosts",
        "/Library/Google/Chrome/NativeMessagingHosts",
      ],
    },
  },
  vivaldi: {
    linux: { user: [".config/vivaldi/NativeMessagingHosts"], system: ["/etc/chromium/native-messaging-hosts"] },
    darwin: {
      user: [`${MAC}/Vivaldi/NativeMessagingHosts`],
      system: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
  },
  opera: {
    linux: {
      user: [".config/opera/NativeMessagingHosts", ".config/google-chrome/NativeMessagingHosts"],
      system: ["/etc/opt/chrome/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/com.operasoftware.Opera/NativeMessagingHosts`, `${MAC}/Google/Chrome/NativeMessagingHosts`],
      system: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
  },
  arc: {
    linux: { user: [], system: [] },
    darwin: { user: [`${MAC}/Arc/User Data/NativeMessagingHosts`], system: [] },
  },
  firefox: {
    linux: {
      user: [".mozilla/native-messaging-hosts"],
      system: ["/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts"],
    },
    darwin: {
      user: [`${MAC}/Mozilla/NativeMessagingHosts`],
      system: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
    },
  },
};

const STORE = "file:/var/twofold/vault.json";
const OTHER_CHROMIUM_ID = "abcdefghijklmnopabcdefghijklmnop";
const OTHER_FIREFOX_ID = "{01234567-89ab-cdef-0123-456789abcdef}";

interface Case {
  browser: BrowserInfo;
  os: HostOs;
  system: boolean;
  label: string;
}

const CASES: Case[] = BROWSER_IDS.flatMap((id) =>
  (["linux", "darwin"] as const).flatMap((os) =>
    [false, true].map((system) => ({
      browser: browser(id),
      os,
      system,
      label: `${id} on ${os}${system ? " --system" : ""}`,
    })),
  ),
);
const SUPPORTED = CASES.filter((c) => expectedDirs(c, "/").length > 0);
const UNSUPPORTED = CASES.filter((c) => expectedDirs(c, "/").length === 0);

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "twofold-install-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function browser(id: string): BrowserInfo {
  const found = findBrowser(id);
  if (found === undefined) throw new Error(`no browser ${id}`);
  return found;
}

/** A fake machine inside the temp folder: its home and its `/`. */
function environment(os: HostOs, env: NodeJS.ProcessEnv = {}): Environment {
  return { platform: os, home: join(root, "home"), env, systemRoot: join(root, "system") };
}

function expectedDirs(c: Pick<Case, "browser" | "os" | "system">, base: string): string[] {
  const table = EXPECTED[c.browser.id]?.[c.os];
  if (table === undefined) throw new Error(`EXPECTED lacks ${c.browser.id}`);
  return c.system
    ? table.system.map((dir) => join(base, "system", dir))
    : table.user.map((dir) => join(base, "home", dir));
}

function defaultId(c: Pick<Case, "browser">): string {
  return c.browser.family === "firefox" ? FIREFOX_ADDON_ID : DEV_EXTENSION_ID;
}

async function install(c: Case, overrides: { extensionId?: string; nodePath?: string; hostScript?: string } = {}) {
  return installHost(
    {
      browser: c.browser,
      system: c.system,
      extensionId: overrides.extensionId ?? defaultId(c),
      storeSpec: STORE,
      nodePath: overrides.nodePath ?? process.execPath,
      hostScript: overrides.hostScript ?? HOST_BUNDLE,
    },
    environment(c.os),
  );
}

/** Every file below `dir`, as absolute paths, sorted. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function doctor(c: Case, options: { extensionId?: string; filter?: boolean } = {}): Promise<Finding[]> {
  return checkBrowsers(
    { storeSpec: STORE, extensionId: options.extensionId, browser: options.filter === false ? undefined : c.browser },
    environment(c.os),
  );
}

function reinstallCommand(c: Case, extra = ""): string {
  return `${c.system ? "sudo " : ""}npx twofold install --browser ${c.browser.id}${c.system ? " --system" : ""}${extra}`;
}

function mode(path: string): Promise<number> {
  return stat(path).then((info) => info.mode & 0o777);
}

describe("installHost writes a manifest and a launcher into every folder the browser reads", () => {
  it.each(SUPPORTED)("$label", async (c) => {
    const written = await install(c);
    const dirs = expectedDirs(c, root);
    expect(written).toEqual(dirs.flatMap((dir) => [join(dir, MANIFEST_FILE), join(dir, LAUNCHER_FILE)]));
    expect(await filesBelow(root)).toEqual([...written].sort());
    for (const dir of dirs) {
      const launcherPath = join(dir, LAUNCHER_FILE);
      const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8"));
      const allowed =
        c.browser.family === "firefox"
          ? { allowed_extensions: [FIREFOX_ADDON_ID] }
          : { allowed_origins: [`chrome-extension://${DEV_EXTENSION_ID}/`] };
      expect(manifest).toEqual({
        name: "dev.twofold.host",
        description: "Twofold: two-factor codes from your keychain",
        path: launcherPath,
        type: "stdio",
        ...allowed,
      });
      expect(isAbsolute(manifest.path)).toBe(true);
      expect(await readFile(launcherPath, "utf8")).toBe(
        [
          "#!/bin/sh",
          "# Written by `twofold install`; `twofold uninstall` removes it.",
          `# Installed for: ${c.browser.id} ${defaultId(c)}`,
          `exec '${process.execPath}' '${HOST_BUNDLE}' host --store '${STORE}' "$@"`,
          "",
        ].join("\n"),
      );
      expect(await mode(launcherPath)).toBe(0o755);
      expect(await mode(join(dir, MANIFEST_FILE))).toBe(0o644);
      // Every browser's user must read a system folder; a user's own stays private.
      expect(await mode(dir)).toBe(c.system ? 0o755 : 0o700);
    }
  });

  it.each(UNSUPPORTED)("$label is refused with what to do instead, writing nothing", async (c) => {
    const error = await install(c).catch((caught: unknown) => caught);
    expect(isTwofoldError(error, "BAD_REQUEST")).toBe(true);
    expect((error as Error).message).toMatch(
      c.system && c.os === "darwin" ? /for your user instead/ : /--user-data-dir/,
    );
    expect(await filesBelow(root)).toEqual([]);
  });

  it("follows XDG_CONFIG_HOME for Chromium-family browsers on Linux", async () => {
    const c = { browser: browser("chrome"), os: "linux" as const, system: false, label: "" };
    const config = join(root, "xdg");
    await installHost(
      {
        browser: c.browser,
        extensionId: DEV_EXTENSION_ID,
        storeSpec: STORE,
        nodePath: process.execPath,
        hostScript: HOST_BUNDLE,
      },
      environment("linux", { XDG_CONFIG_HOME: config }),
    );
    expect(await filesBelow(root)).toEqual([
      join(config, "google-chrome/NativeMessagingHosts", MANIFEST_FILE),
      join(config, "google-chrome/NativeMessagingHosts", LAUNCHER_FILE),
    ]);
  });

  it("writes a --user-data-dir profile's folder only", async () => {
    const profile = join(root, "profile");
    const written = await installHost(
      {
        browser: browser("chromium"),
        userDataDir: profile,
        extensionId: DEV_EXTENSION_ID,
        storeSpec: STORE,
        nodePath: process.execPath,
        hostScript: HOST_BUNDLE,
      },
      environment("linux"),
    );
    expect(written).toEqual([
      join(profile, "NativeMessagingHosts", MANIFEST_FILE),
      join(profile, "NativeMessagingHosts", LAUNCHER_FILE),
    ]);
  });

  it.each([
    ["chrome", "not-an-id"],
    ["chrome", DEV_EXTENSION_ID.toUpperCase()],
    ["firefox", "twofold@twofold.dev\nrm -rf ~"],
    ["firefox", "no-at-sign"],
  ])("refuses %s extension id %j, which would end up in the launcher", async (id, extensionId) => {
    const c = { browser: browser(id), os: "linux" as const, system: false, label: "" };
    await expect(install(c, { extensionId })).rejects.toThrow(/is not a (Chromium extension|Firefox add-on) id/);
    expect(await filesBelow(root)).toEqual([]);
  });

  it("refuses relative node and host script paths", async () => {
    const c = { browser: browser("chrome"), os: "linux" as const, system: false, label: "" };
    await expect(install(c, { nodePath: "node" })).rejects.toThrow(/must be absolute/);
    await expect(install(c, { hostScript: "dist/twofold.mjs" })).rejects.toThrow(/must be absolute/);
  });
});

describe("uninstallHost removes exactly what install wrote", () => {
  it.each(SUPPORTED)("$label", async (c) => {
    const written = await install(c);
    const result = await uninstallHost({ browser: c.browser, system: c.system }, environment(c.os));
    expect([...result.removed].sort()).toEqual([...written].sort());
    expect(result.updated).toEqual([]);
    expect(result.kept).toEqual([]);
    expect(await filesBelow(root)).toEqual([]);
  });

  it.each(SUPPORTED)("$label leaves other files alone", async (c) => {
    await install(c);
    const dirs = expectedDirs(c, root);
    const [first] = dirs;
    if (first === undefined) throw new Error("no folder");
    // Another app's manifest, and ours edited by hand to start another program.
    const otherApp = join(first, "org.example.other.json");
    await writeFile(otherApp, '{"name":"org.example.other"}');
    const edited = JSON.parse(await readFile(join(first, MANIFEST_FILE), "utf8"));
    edited.path = "/usr/local/bin/my-own-twofold";
    await writeFile(join(first, MANIFEST_FILE), JSON.stringify(edited));
    const result = await uninstallHost({ browser: c.browser, system: c.system }, environment(c.os));
    expect(result.kept).toEqual([
      {
        path: join(first, MANIFEST_FILE),
        reason: expect.stringMatching(/points at \/usr\/local\/bin\/my-own-twofold/),
      },
    ]);
    expect(await filesBelow(root)).toEqual([join(first, MANIFEST_FILE), otherApp].sort());
    expect(JSON.parse(await readFile(join(first, MANIFEST_FILE), "utf8")).path).toBe("/usr/local/bin/my-own-twofold");
  });

  it("keeps a launcher someone rewrote, and the manifest that points at it", async () => {
    const c = { browser: browser("firefox"), os: "linux" as const, system: false, label: "" };
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    await writeFile(join(dir, LAUNCHER_FILE), "#!/bin/sh\nexec /opt/custom/host\n");
    const result = await uninstallHost({ browser: c.browser }, environment("linux"));
    expect(result.removed).toEqual([]);
    expect(result.kept.map((kept) => kept.path)).toEqual([join(dir, LAUNCHER_FILE), join(dir, MANIFEST_FILE)]);
    expect(await filesBelow(root)).toHaveLength(2);
  });

  it("removes a manifest whose launcher is already gone", async () => {
    const c = { browser: browser("edge"), os: "darwin" as const, system: false, label: "" };
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    await rm(join(dir, LAUNCHER_FILE));
    const result = await uninstallHost({ browser: c.browser }, environment("darwin"));
    expect(result.removed).toEqual([join(dir, MANIFEST_FILE)]);
    expect(await filesBelow(root)).toEqual([]);
  });

  it("leaves a broken manifest and says how to delete it", async () => {
    const c = { browser: browser("chromium"), os: "linux" as const, system: false, label: "" };
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    await writeFile(join(dir, MANIFEST_FILE), "{ half-written");
    const result = await uninstallHost({ browser: c.browser }, environment("linux"));
    expect(result.removed).toEqual([join(dir, LAUNCHER_FILE)]);
    expect(result.kept).toEqual([{ path: join(dir, MANIFEST_FILE), reason: expect.stringContaining("rm ") }]);
  });

  it("removes a launcher from before installs were recorded per browser", async () => {
    const c = { browser: browser("chrome"), os: "linux" as const, system: false, label: "" };
    await install(c);
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    await writeFile(
      join(dir, LAUNCHER_FILE),
      buildLauncher({ nodePath: process.execPath, hostScript: HOST_BUNDLE, storeSpec: STORE, entries: [] }),
    );
    const result = await uninstallHost({ browser: c.browser }, environment("linux"));
    expect(result.removed).toHaveLength(2);
    expect(await filesBelow(root)).toEqual([]);
  });
});

describe("folders shared by several browsers", () => {
  const chromeFolder = () => join(root, "home", MAC, "Google/Chrome/NativeMessagingHosts");
  const mac = (id: string): Case => ({ browser: browser(id), os: "darwin", system: false, label: id });

  it("allows every browser's extension id, and uninstalling one keeps the others", async () => {
    await install(mac("chrome"));
    await install(mac("brave"), { extensionId: OTHER_CHROMIUM_ID });
    await install(mac("opera"));
    const manifestPath = join(chromeFolder(), MANIFEST_FILE);
    expect(JSON.parse(await readFile(manifestPath, "utf8")).allowed_origins).toEqual([
      `chrome-extension://${DEV_EXTENSION_ID}/`,
      `chrome-extension://${OTHER_CHROMIUM_ID}/`,
    ]);

    const brave = await uninstallHost({ browser: browser("brave") }, environment("darwin"));
    expect(brave.removed.sort()).toEqual(
      [MANIFEST_FILE, LAUNCHER_FILE]
        .map((file) => join(root, "home", MAC, "BraveSoftware/Brave-Browser/NativeMessagingHosts", file))
        .sort(),
    );
    expect(brave.updated).toEqual([{ path: chromeFolder(), reason: "still used by Google Chrome, Opera" }]);
    expect(JSON.parse(await readFile(manifestPath, "utf8")).allowed_origins).toEqual([
      `chrome-extension://${DEV_EXTENSION_ID}/`,
    ]);
    const launcher = await readFile(join(chromeFolder(), LAUNCHER_FILE), "utf8");
    expect(launcher).toContain(
      `# Installed for: chrome ${DEV_EXTENSION_ID}\n# Installed for: opera ${DEV_EXTENSION_ID}\n`,
    );
    expect(launcher).not.toContain("brave");

    await uninstallHost({ browser: browser("chrome") }, environment("darwin"));
    expect(await filesBelow(chromeFolder())).toHaveLength(2);
    const opera = await uninstallHost({ browser: browser("opera") }, environment("darwin"));
    expect(opera.removed).toHaveLength(4);
    expect(await filesBelow(root)).toEqual([]);
  });

  it("leaves a shared folder alone for a browser that never installed there", async () => {
    await install(mac("chrome"));
    const result = await uninstallHost({ browser: browser("brave") }, environment("darwin"));
    expect(result.removed).toEqual([]);
    expect(result.kept).toEqual([{ path: chromeFolder(), reason: "installed for Google Chrome, not Brave" }]);
    expect(await filesBelow(root)).toHaveLength(2);
  });

  it("shares Chromium's system folder between Chromium, Brave and Vivaldi on Linux", async () => {
    const linux = (id: string): Case => ({ browser: browser(id), os: "linux", system: true, label: id });
    for (const id of ["chromium", "brave", "vivaldi"]) await install(linux(id));
    const dir = join(root, "system/etc/chromium/native-messaging-hosts");
    expect(await filesBelow(root)).toEqual([join(dir, MANIFEST_FILE), join(dir, LAUNCHER_FILE)]);
    await uninstallHost({ browser: browser("brave"), system: true }, environment("linux"));
    await uninstallHost({ browser: browser("chromium"), system: true }, environment("linux"));
    expect(await readFile(join(dir, LAUNCHER_FILE), "utf8")).toMatch(/# Installed for: vivaldi \S+\nexec /);
    await uninstallHost({ browser: browser("vivaldi"), system: true }, environment("linux"));
    expect(await filesBelow(root)).toEqual([]);
  });
});

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
          (await readFile(join(dir, LAUNCHER_FILE), "utf8")).replace(HOST_BUNDLE, "/opt/gone/twofold.mjs"),
        );
        return { message: /runs \/opt\/gone\/twofold\.mjs, which is gone/, fix: reinstallCommand(c) };
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
          fix: `${reinstallCommand(c)} (or, to remove it: ${c.system ? "sudo " : ""}npx twofold uninstall --browser ${c.browser.id}${c.system ? " --system" : ""})`,
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
        fix: `npx twofold install --browser chrome (or --browser ${BROWSER_IDS.join(", ")})`,
      },
    ]);
    expect((await doctor({ ...c, browser: browser("firefox") }))[0]?.fix).toBe("npx twofold install --browser firefox");
  });

  it("names every browser that reads a shared folder, and keeps a non-default store in the fix", async () => {
    const c: Case = { browser: browser("brave"), os: "darwin", system: false, label: "" };
    await installHost(
      {
        browser: c.browser,
        extensionId: DEV_EXTENSION_ID,
        storeSpec: "file:/Users/ada/My Vault.json",
        nodePath: "/opt/gone/node",
        hostScript: HOST_BUNDLE,
      },
      environment("darwin"),
    );
    const findings = await doctor(c, { filter: false });
    const shared = findings.find(
      (finding) => finding.subject === "Google Chrome, Brave, Opera" && finding.level === "error",
    );
    expect(shared?.fix).toBe("npx twofold install --browser brave --store 'file:/Users/ada/My Vault.json'");
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

describe("the launcher starts the host the way each browser calls it", () => {
  /** Runs the launcher with the browser's argv, sends `hello`, and returns the reply and stderr. */
  async function hello(launcher: string, argv: string[]): Promise<{ reply: unknown; stderr: string }> {
    const child = spawn(launcher, argv, { stdio: ["pipe", "pipe", "pipe"], env: { PATH: "/nonexistent" } });
    const decoder = new FrameDecoder(1 << 20);
    const replies: unknown[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk))
        if (frame.kind === "frame") replies.push(JSON.parse(frame.body.toString()));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(encodeFrame({ id: 1, method: "hello", params: { protocol: 1 } }, 1 << 20));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, stderr).toBe(0);
    return { reply: replies[0], stderr };
  }

  it.each([
    ["firefox", (manifest: string) => [manifest, FIREFOX_ADDON_ID]],
    ["chrome", () => [`chrome-extension://${DEV_EXTENSION_ID}/`]],
  ] as const)("%s, with no PATH, from a folder with spaces and quotes in its name", async (id, argv) => {
    // The bundle reached through a folder named like a Mac's, with a quote in it.
    const odd = join(root, "it's Application Support");
    await mkdir(odd);
    await symlink(HOST_BUNDLE, join(odd, "twofold.mjs"));
    expect((await lstat(join(odd, "twofold.mjs"))).isSymbolicLink()).toBe(true);
    const store = `file:${join(odd, "vault.json")}`;
    const c: Case = { browser: browser(id), os: "darwin", system: false, label: "" };
    await installHost(
      {
        browser: c.browser,
        extensionId: defaultId(c),
        storeSpec: store,
        nodePath: process.execPath,
        hostScript: join(odd, "twofold.mjs"),
      },
      environment("darwin"),
    );
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    const { reply, stderr } = await hello(join(dir, LAUNCHER_FILE), argv(join(dir, MANIFEST_FILE)));
    expect(reply).toEqual({ id: 1, ok: true, result: { protocol: 1, version: expect.any(String), store } });
    // The host logs its caller: Firefox's manifest path and add-on id arrive as two arguments.
    expect(stderr).toContain(`started for ${argv(join(dir, MANIFEST_FILE)).join(" ")}`);
  });
});
