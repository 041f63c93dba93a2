// Bundles the native host and CLI into one file, dist/twofold-core.cjs, and
// writes its loader dist/twofold.mjs (scripts/host-loader.mjs), which starts
// it from V8's code cache. The browser's launcher runs the loader.
import { spawnSync } from "node:child_process";
import { chmod, copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["native-host/twofold.ts"],
  outfile: "dist/twofold-core.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  define: { TWOFOLD_VERSION: JSON.stringify(pkg.version) },
  // dbus-next requires these only for X11 bus discovery and abstract sockets,
  // behind runtime checks; neither is installed, so leave them unresolved.
  external: ["x11", "usocket"],
  logLevel: "warning",
});
await copyFile("scripts/host-loader.mjs", "dist/twofold.mjs");
await chmod("dist/twofold.mjs", 0o755);
// A cache from the previous bundle would only be rejected; start clean, then
// warm it on the path that matters most — the browser's host saying hello
// and listing — so its functions are in the cache from the first start.
await rm("dist/twofold-core.cache", { force: true });
await rm("dist/twofold.mjs.map", { force: true });
await warmHostCache();

async function warmHostCache() {
  const dir = await mkdtemp(join(tmpdir(), "twofold-warm-"));
  try {
    const frames = [
      { id: 1, method: "hello", params: { protocol: 1 } },
      { id: 2, method: "accounts.list", params: {} },
      { id: 3, method: "codes.forUrl", params: { url: "https://example.com/" } },
    ].map((message) => {
      const body = Buffer.from(JSON.stringify(message));
      const header = Buffer.alloc(4);
      header.writeUInt32LE(body.length);
      return Buffer.concat([header, body]);
    });
    spawnSync(process.execPath, ["dist/twofold.mjs", "host", "--store", `file:${join(dir, "vault.json")}`], {
      input: Buffer.concat(frames),
      stdio: ["pipe", "ignore", "ignore"],
      timeout: 20_000,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
