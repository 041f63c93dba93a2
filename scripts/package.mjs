// `npm run package [-- --host-only]`: the release artifacts, in release/.
//   twofold-VERSION-chrome.zip     the extension for Chrome, Edge and other Chromium browsers
//   twofold-VERSION-firefox.zip    the Firefox add-on, and twofold-VERSION-sources.zip for AMO's review
//   twofold-VERSION-safari.zip     the Safari web extension folder, for Xcode's converter
//   twofold-VERSION-OS-ARCH.tar.gz the host as one executable for this machine (release/twofold unpacked)
//   SHA256SUMS                     checksums of all of the above, for `sha256sum -c`
// --host-only skips the extension (the macOS jobs of the release workflow
// build only their executable; the zips are the same everywhere).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire, Module } from "node:module";
import { arch, platform } from "node:os";
import { basename, join, resolve } from "node:path";
import { Script } from "node:vm";

const root = resolve(import.meta.dirname, "..");
const release = join(root, "release");
const hostOnly = process.argv.includes("--host-only");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
// Artifacts keep the product's name whatever the npm package is called.
const NAME = "twofold";
/** The host's bundles, as scripts/build-host.mjs writes them, each with its code cache. */
const BUNDLES = ["twofold-host", "twofold-handlers", "twofold-core"];

/** Runs a command in the repository, stopping the whole package on failure. */
function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) fail(`${what} failed (${command} ${args.join(" ")})`);
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

await rm(release, { recursive: true, force: true });
await mkdir(release, { recursive: true });
run(process.execPath, ["scripts/build-host.mjs"], "building the host");
if (!hostOnly) await zipExtensions();
await buildExecutable();
await writeChecksums();

/** The store zips, made by WXT (`wxt zip`), copied into release/. */
async function zipExtensions() {
  const { zip } = await import("wxt");
  const sources = trackedSources();
  for (const browser of ["chrome", "firefox", "safari"]) {
    // The Web Store zip carries no `key` (wxt.config.ts): the store assigns the id.
    // It is built into its own folder so .output/chrome-mv3 keeps the development id.
    if (browser === "chrome") process.env.TWOFOLD_STORE_ZIP = "1";
    else delete process.env.TWOFOLD_STORE_ZIP;
    const files = await zip({
      root,
      browser,
      ...(browser === "chrome" ? { outDir: ".output/store" } : {}),
      zip: {
        name: NAME,
        // AMO rebuilds the add-on from these: the tracked files a build reads,
        // not whatever else lies in the checkout (dist/, release/, test data).
        includeSources: sources,
      },
    });
    for (const file of files) await copyFile(file, join(release, basename(file)));
  }
  const storeManifest = JSON.parse(await readFile(join(root, ".output/store/chrome-mv3/manifest.json"), "utf8"));
  if ("key" in storeManifest) fail("the Chrome Web Store zip's manifest has `key`; the store would refuse it");
}

/** The tracked files, less the tests: what a reviewer needs to build the extension. */
function trackedSources() {
  const result = spawnSync("git", ["ls-files"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) fail("the Firefox sources zip lists the tracked files with git; run this in a git checkout");
  return result.stdout.split("\n").filter((path) => path !== "" && !path.startsWith("test/"));
}

/**
 * Node's single executable application: this node, with scripts/sea-main.cjs,
 * the host's bundles and their code caches injected by postject. Each cache
 * is V8's for this very node, which is why the executable is a copy of it.
 */
async function buildExecutable() {
  const work = join(release, ".sea");
  await mkdir(work, { recursive: true });
  const assets = {};
  for (const name of BUNDLES) {
    const code = join(root, "dist", `${name}.cjs`);
    const cache = join(root, "dist", `${name}.cache`);
    const cachedData = await readFile(cache).catch(() => fail(`${cache} is missing; scripts/build-host.mjs writes it`));
    // A cache V8 rejects would not fail the executable, only slow every start: refuse it here.
    const check = new Script(Module.wrap(await readFile(code, "utf8")), { filename: code, cachedData });
    if (check.cachedDataRejected)
      fail(`${cache} does not fit node ${process.version}; rebuild with npm run build:host`);
    assets[`${name}.cjs`] = code;
    assets[`${name}.cache`] = cache;
  }

  const config = join(work, "sea-config.json");
  const blob = join(work, "sea-prep.blob");
  await writeFile(
    config,
    JSON.stringify({
      main: join(root, "scripts", "sea-main.cjs"),
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      assets,
    }),
  );
  run(process.execPath, ["--experimental-sea-config", config], "preparing the executable's blob");

  const executable = join(release, NAME);
  await copyFile(process.execPath, executable);
  await chmod(executable, 0o755);
  const mac = platform() === "darwin";
  // macOS refuses to run a binary whose signature no longer matches: drop node's, sign ad hoc after.
  if (mac) run("codesign", ["--remove-signature", executable], "removing node's signature");
  const { inject } = createRequire(import.meta.url)("postject");
  await inject(executable, "NODE_SEA_BLOB", await readFile(blob), {
    sentinelFuse: "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
    ...(mac ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  if (mac) run("codesign", ["--sign", "-", executable], "signing the executable");
  await rm(work, { recursive: true, force: true });

  const version = spawnSync(executable, ["--version"], { encoding: "utf8" });
  if (version.stdout.trim() !== pkg.version) {
    fail(`${executable} --version printed "${version.stdout.trim()}" (${version.stderr.trim()}), not ${pkg.version}`);
  }
  const os = mac ? "macos" : platform();
  run("tar", ["-czf", join(release, `${NAME}-${pkg.version}-${os}-${arch()}.tar.gz`), "-C", release, NAME], "tar");
}

/** SHA256SUMS of every artifact in release/, in the format `sha256sum -c` reads. */
async function writeChecksums() {
  const artifacts = (await readdir(release)).filter((name) => /\.(zip|tar\.gz)$/.test(name)).sort();
  const lines = [];
  for (const name of artifacts) {
    const digest = createHash("sha256")
      .update(await readFile(join(release, name)))
      .digest("hex");
    lines.push(`${digest}  ${name}`);
  }
  await writeFile(join(release, "SHA256SUMS"), `${lines.join("\n")}\n`);
  console.log(`\nrelease/:\n${lines.map((line) => `  ${line.split("  ")[1]}`).join("\n")}\n  ${NAME} (unpacked)`);
}
