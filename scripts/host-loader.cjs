#!/usr/bin/env node
// dist/twofold.cjs: starts Twofold's bundles from V8's code cache, so the
// browser's host answers sooner. `twofold host`, as the launcher starts it,
// runs dist/twofold-host.cjs, which loads dist/twofold-handlers.cjs once it
// has answered hello; every other command runs dist/twofold-core.cjs.
// Node 20 has no code cache for its own module loader
// (module.enableCompileCache is 22.1+), so each bundle is compiled here as a
// classic script with cachedData; its cache (dist/NAME.cache) is written the
// first time, and again whenever V8 rejects it (new Node version, rebuilt
// bundle). The loader is CommonJS, not an ES module: node starts a CommonJS
// main script without setting up its ES module loader, which the host's
// cold start measurably pays for (bench/host-start.mjs).
"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { createRequire, Module } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const entry = __filename;
const argv = process.argv.slice(2);
const bundles = new Map();

/** The exports of dist/NAME.cjs; a bundle requiring `./NAME.cjs` gets another bundle this way. */
function load(name) {
  const loaded = bundles.get(name);
  if (loaded !== undefined) return loaded.exports;
  const path = join(__dirname, `${name}.cjs`);
  const cachePath = join(__dirname, `${name}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(path, "utf8")), { filename: path, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit the functions the command ran are compiled too, so the cache covers them.
    process.once("exit", () => {
      try {
        const temp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cachePath);
      } catch {
        // A read-only install runs without the cache; nothing else changes.
      }
    });
  }
  const module = { exports: {} };
  bundles.set(name, module);
  const nodeRequire = createRequire(path);
  const require = (id) => {
    const bundle = /^\.\/(twofold-[a-z]+)\.cjs$/.exec(id);
    return bundle === null ? nodeRequire(id) : load(bundle[1]);
  };
  script.runInThisContext()(module.exports, require, module, path, __dirname);
  return module.exports;
}

load(argv[0] === "host" ? "twofold-host" : "twofold-core").run(argv, entry);
