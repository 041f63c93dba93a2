#!/usr/bin/env node
// dist/twofold.mjs: starts the bundled host and CLI (dist/twofold-core.cjs)
// from V8's code cache, so the browser's host answers sooner. Node 20 has no
// code cache for its own module loader (module.enableCompileCache is 22.1+),
// so the bundle is compiled here as a classic script with cachedData; the
// cache (dist/twofold-core.cache) is written the first time, and again
// whenever V8 rejects it (new Node version, rebuilt bundle).
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const entry = fileURLToPath(import.meta.url);
const corePath = fileURLToPath(new URL("./twofold-core.cjs", import.meta.url));
const cachePath = fileURLToPath(new URL("./twofold-core.cache", import.meta.url));

let cachedData;
try {
  cachedData = readFileSync(cachePath);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(corePath, "utf8")), { filename: corePath, cachedData });
const module = { exports: {} };
script.runInThisContext()(
  module.exports,
  createRequire(corePath),
  module,
  corePath,
  fileURLToPath(new URL(".", import.meta.url)),
);

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
module.exports.run(process.argv.slice(2), entry);
