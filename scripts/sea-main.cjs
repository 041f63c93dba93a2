// The single executable's main script: `npm run package` injects it into a
// copy of node with the bundles (dist/twofold-host.cjs, -handlers.cjs,
// -core.cjs) and the V8 code caches that scripts/build-host.mjs warmed for
// them. Like the loader (scripts/host-loader.cjs) it compiles each bundle
// from its cache — `twofold host`, as the launcher starts it, from the host's
// bundle, which loads the handlers' after answering hello — so the
// executable answers a browser as soon as node and the loader do; the caches
// are only read here, never rewritten.
"use strict";
const { Module } = require("node:module");
const { getAsset } = require("node:sea");
const { Script } = require("node:vm");

const bundles = new Map();

/** The exports of the bundle NAME; a bundle requiring `./NAME.cjs` gets another bundle this way. */
function load(name) {
  const loaded = bundles.get(name);
  if (loaded !== undefined) return loaded.exports;
  const filename = `${name}.cjs`;
  const script = new Script(Module.wrap(getAsset(filename, "utf8")), {
    filename,
    cachedData: Buffer.from(getAsset(`${name}.cache`)),
  });
  const bundle = { exports: {} };
  bundles.set(name, bundle);
  // Bundles require node's built-in modules, which is what a single
  // executable's own require loads, and each other.
  const bundleRequire = (id) => {
    const other = /^\.\/(twofold-[a-z]+)\.cjs$/.exec(id);
    return other === null ? require(id) : load(other[1]);
  };
  script.runInThisContext()(bundle.exports, bundleRequire, bundle, filename, ".");
  return bundle.exports;
}

const argv = process.argv.slice(2);
// The executable is its own entry: `twofold install` writes a launcher that runs it alone.
load(argv[0] === "host" ? "twofold-host" : "twofold-core").run(argv, process.execPath);
