// Bundles the native host and CLI into one file, dist/twofold.mjs, so the
// browser's launcher starts a single script with nothing to resolve.
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["native-host/twofold.ts"],
  outfile: "dist/twofold.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  define: { TWOFOLD_VERSION: JSON.stringify(pkg.version) },
  // dbus-next and its dependencies are CommonJS and call require().
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __twofoldRequire } from 'node:module'; const require = __twofoldRequire(import.meta.url);",
  },
  // dbus-next requires these only for X11 bus discovery and abstract sockets,
  // behind runtime checks; neither is installed, so leave them unresolved.
  external: ["x11", "usocket"],
  logLevel: "warning",
});
