import { spawn, spawnSync } from "node:child_process";
import { chmod, lstat, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeFrame } from "../../../native-host/framing/encode-frame";
import { FrameDecoder } from "../../../native-host/framing/frame-decoder";
import { buildLauncher, LAUNCHER_FILE, MANIFEST_FILE, readLauncher } from "../../../native-host/install/host-manifest";
import { installHost, uninstallHost } from "../../../native-host/install/install-host";
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from "../../../src/identity";
import { isTwofoldError } from "../../../src/protocol/twofold-error";
import { HOST_BUNDLE, HOST_COMMAND } from "../../support/host-process";
import {
  browser,
  type Case,
  defaultId,
  environment,
  expectedDirs,
  filesBelow,
  install,
  MAC,
  mode,
  OTHER_CHROMIUM_ID,
  root,
  STORE,
  SUPPORTED,
  UNSUPPORTED,
  withTempMachine,
} from "./install-machine";

withTempMachine();

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
        program: process.execPath,
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
        program: process.execPath,
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
    await expect(install(c, { program: "node" })).rejects.toThrow(/must be absolute/);
    await expect(install(c, { hostScript: "dist/twofold.cjs" })).rejects.toThrow(/must be absolute/);
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
      buildLauncher({ program: process.execPath, hostScript: HOST_BUNDLE, storeSpec: STORE, entries: [] }),
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
    await symlink(HOST_BUNDLE, join(odd, "twofold.cjs"));
    expect((await lstat(join(odd, "twofold.cjs"))).isSymbolicLink()).toBe(true);
    const store = `file:${join(odd, "vault.json")}`;
    const c: Case = { browser: browser(id), os: "darwin", system: false, label: "" };
    await installHost(
      {
        browser: c.browser,
        extensionId: defaultId(c),
        storeSpec: store,
        program: process.execPath,
        hostScript: join(odd, "twofold.cjs"),
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

  /**
   * The single executable that `npm run test:package` built, or else a
   * stand-in that runs the bundle the same way: one program, no node to name.
   */
  async function singleExecutable(): Promise<string> {
    if (HOST_COMMAND.length === 1) return HOST_COMMAND[0];
    const standIn = join(root, "twofold");
    await writeFile(standIn, `#!/bin/sh\nexec '${process.execPath}' '${HOST_BUNDLE}' "$@"\n`);
    await chmod(standIn, 0o755);
    return standIn;
  }

  it.each([
    ["firefox", (manifest: string) => [manifest, FIREFOX_ADDON_ID]],
    ["chrome", () => [`chrome-extension://${DEV_EXTENSION_ID}/`]],
  ] as const)("%s, installed from the single executable: the launcher runs it alone", async (id, argv) => {
    const program = await singleExecutable();
    const store = `file:${join(root, "vault.json")}`;
    const c: Case = { browser: browser(id), os: "linux", system: false, label: "" };
    await installHost(
      { browser: c.browser, extensionId: defaultId(c), storeSpec: store, program },
      environment("linux"),
    );
    const [dir] = expectedDirs(c, root);
    if (dir === undefined) throw new Error("no folder");
    const launcher = await readFile(join(dir, LAUNCHER_FILE), "utf8");
    expect(launcher).toContain(`\nexec '${program}' host --store '${store}' "$@"\n`);
    expect(readLauncher(launcher)).toMatchObject({ program, hostScript: undefined, storeSpec: store });
    const { reply } = await hello(join(dir, LAUNCHER_FILE), argv(join(dir, MANIFEST_FILE)));
    expect(reply).toEqual({ id: 1, ok: true, result: { protocol: 1, version: expect.any(String), store } });
    const result = await uninstallHost({ browser: c.browser }, environment("linux"));
    expect(result.removed).toEqual([join(dir, LAUNCHER_FILE), join(dir, MANIFEST_FILE)]);
  });

  it("`twofold install` writes a launcher that runs the very program it ran as", async () => {
    const [program, ...programArgs] = HOST_COMMAND;
    const profile = join(root, "profile");
    const store = `file:${join(root, "vault.json")}`;
    const result = spawnSync(
      program,
      [...programArgs, "--store", store, "install", "--browser", "chromium", "--user-data-dir", profile],
      { encoding: "utf8", env: { ...process.env, HOME: join(root, "home") } },
    );
    expect(result.status, result.stderr).toBe(0);
    const launcher = await readFile(join(profile, "NativeMessagingHosts", LAUNCHER_FILE), "utf8");
    // node and the loader from a checkout; the executable alone from a release download.
    expect(readLauncher(launcher)).toMatchObject({ program, hostScript: programArgs[0], storeSpec: store });
  });
});
