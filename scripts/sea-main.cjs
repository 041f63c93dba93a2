// The single executable's main script: `npm run package` injects it into a
// copy of node with two assets, the host bundle (dist/twofold-core.cjs) and
// the V8 code cache that scripts/build-host.mjs warmed for it. Like the
// loader (scripts/host-loader.mjs) it compiles the bundle from that cache, so
// the executable answers a browser as soon as node and the loader do; the
// cache is only read here, never rewritten.
"use strict";
const { Module } = require("node:module");
const { getAsset } = require("node:sea");
const { Script } = require("node:vm");

const filename = "twofold-core.cjs";
const script = new Script(Module.wrap(getAsset(filename, "utf8")), {
  filename,
  cachedData: Buffer.from(getAsset("twofold-core.cache")),
});
const bundle = { exports: {} };
// The bundle requires node's built-in modules only, which is what a single
// executable's own require loads.
script.runInThisContext()(bundle.exports, require, bundle, filename, ".");
// The executable is its own entry: `twofold install` writes a launcher that runs it alone.
bundle.exports.run(process.argv.slice(2), process.execPath);
