// Bundles the native host and CLI, each bundle started by the loader
// dist/twofold.cjs (scripts/host-loader.cjs) from V8's code cache:
//   dist/twofold-host.cjs      `twofold host`, the loop the browser starts, and
//                              its answer to `hello`: as little as that needs;
//   dist/twofold-handlers.cjs  every other method, the stores, importers and
//                              doctor, which the host loads after that answer;
//   dist/twofold-core.cjs      every command (the host too, in one piece).
// The browser's launcher runs the loader with `host` first.
import { spawnSync } from "node:child_process";
import { chmod, copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const HANDLERS = resolve("native-host/host/host-handlers.ts");

/**
 * In the host's bundle, the handlers module is the handlers' bundle, which
 * the loader (or the single executable's main script) resolves by this name.
 */
const handlersApart = {
  name: "handlers-apart",
  setup(builder) {
    builder.onResolve({ filter: /\/host-handlers$/ }, (args) =>
      resolve(args.resolveDir, `${args.path}.ts`) === HANDLERS ? { path: "handlers", namespace: "bundle" } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "bundle" }, () => ({
      contents: 'module.exports = require("./twofold-handlers.cjs");',
      loader: "js",
    }));
    builder.onResolve({ filter: /^\.\/twofold-handlers\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * The store registry names every store (the host needs that to parse
 * `--store` before hello) and opens each by a dynamic import of its module.
 * The host's bundle opens stores only through the handlers' bundle, so in it
 * those imports stay out: its copy of the registry only names the stores.
 */
const REGISTRY = resolve("native-host/stores/store-registry.ts");
const storesApart = {
  name: "stores-apart",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/[a-z-]+-store$/ }, (args) =>
      args.kind === "dynamic-import" && args.importer === REGISTRY ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * `import { z } from "zod"` gives esbuild zod's namespace object as a value,
 * so it keeps all of zod (its locales, JSON Schema, codecs: three quarters of
 * the bytes, and their start-up work). As `import * as z`, the same code
 * names each function it uses, and esbuild keeps only those.
 */
const zodNamespace = {
  name: "zod-namespace",
  setup(builder) {
    builder.onLoad({ filter: /\/(src|native-host)\/.*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replace(
        /^import \{ z \} from "zod";$/m,
        'import * as z from "zod";',
      ),
      loader: "ts",
    }));
  },
};

/**
 * What `hello` must not wait for. The host's bundle holding any of it means
 * a static import crept onto its path; the build stops rather than ship a
 * slower host.
 */
const NOT_IN_HOST =
  /^(node_modules\/(tldts|otpauth|dbus-next|protobufjs|jsqr|csv-parse|pngjs|zod\/v4\/classic)\/|native-host\/(accounts|import|doctor|install)\/|native-host\/stores\/(?!store-spec|store-registry))/;

const BUNDLES = [
  { entry: "native-host/twofold.ts", name: "twofold-core" },
  { entry: "native-host/twofold-host.ts", name: "twofold-host", plugins: [handlersApart, storesApart] },
  { entry: "native-host/host/host-handlers.ts", name: "twofold-handlers" },
];

const results = await Promise.all(
  BUNDLES.map(({ entry, name, plugins = [] }) =>
    build({
      entryPoints: [entry],
      outfile: `dist/${name}.cjs`,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      sourcemap: "linked",
      legalComments: "none",
      metafile: true,
      plugins: [zodNamespace, ...plugins],
      define: { TWOFOLD_VERSION: JSON.stringify(pkg.version) },
      // dbus-next requires these only for X11 bus discovery and abstract sockets,
      // behind runtime checks; neither is installed, so leave them unresolved.
      external: ["x11", "usocket"],
      logLevel: "warning",
    }),
  ),
);
const hostInputs = Object.keys(results[1].metafile.inputs).filter((input) => NOT_IN_HOST.test(input));
if (hostInputs.length > 0) {
  console.error(`build-host: dist/twofold-host.cjs must not hold ${hostInputs.join(", ")}; import it lazily.`);
  process.exit(1);
}
await copyFile("scripts/host-loader.cjs", "dist/twofold.cjs");
await chmod("dist/twofold.cjs", 0o755);
// A cache from the previous bundle would only be rejected; start clean, then
// warm each on the path that matters most — the browser's host saying hello,
// listing and filling; a person listing accounts — so those functions are in
// the caches from the first start.
for (const { name } of BUNDLES) await rm(`dist/${name}.cache`, { force: true });
await rm("dist/twofold.cjs.map", { force: true });
await warmCaches();

async function warmCaches() {
  const dir = await mkdtemp(join(tmpdir(), "twofold-warm-"));
  const store = `file:${join(dir, "vault.json")}`;
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
    const twofold = (args, input) =>
      spawnSync(process.execPath, ["dist/twofold.cjs", ...args], {
        input,
        stdio: ["pipe", "ignore", "ignore"],
        timeout: 20_000,
      });
    twofold(["host", "--store", store], Buffer.concat(frames));
    twofold(["list", "--store", store]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
