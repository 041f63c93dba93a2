// `npm run check:manifests`: checks every built extension manifest in
// .output/ against what its browser needs (docs/architecture.md, "Native
// messaging", "Host manifests", "Safari"):
//   Chromium (chrome-, edge-, opera-mvN): MV3, `key` (the development id the
//     host manifest allows), nativeMessaging, offscreen, a service worker;
//   Firefox: the gecko add-on id the host manifest allows, data collection
//     permissions, no `key`, no `offscreen` (Firefox has no such API);
//   Safari: no `key`, no `offscreen`, nativeMessaging.
//   node scripts/check-manifests.mjs [--require chrome-mv3,firefox-mv2,safari-mv2]
// With --require, a missing build fails too (CI builds all three first).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const output = join(root, ".output");
const identity = readFileSync(join(root, "src", "identity.ts"), "utf8");
const constant = (name) => {
  const match = new RegExp(`export const ${name} =\\s*"([^"]+)"`).exec(identity);
  if (!match) throw new Error(`check-manifests: src/identity.ts has no ${name}`);
  return match[1];
};
const KEY = constant("EXTENSION_PUBLIC_KEY");
const GECKO_ID = constant("FIREFOX_ADDON_ID");

const requireIndex = process.argv.indexOf("--require");
const required = requireIndex === -1 ? [] : (process.argv[requireIndex + 1] ?? "").split(",").filter(Boolean);

/** The problems of one manifest; an empty list means it is fine. */
function check(target, manifest) {
  const problems = [];
  const expect = (condition, problem) => {
    if (!condition) problems.push(problem);
  };
  const [browser, mv] = target.split("-");
  const version = Number(mv?.replace("mv", ""));
  const permissions = manifest.permissions ?? [];
  expect(manifest.manifest_version === version, `manifest_version is ${manifest.manifest_version}, not ${version}`);
  expect(permissions.includes("nativeMessaging"), "no nativeMessaging permission: the extension cannot reach the host");
  if (browser === "firefox") {
    const gecko = manifest.browser_specific_settings?.gecko;
    expect(
      gecko?.id === GECKO_ID,
      `browser_specific_settings.gecko.id is ${gecko?.id}, not ${GECKO_ID} (the id host manifests allow)`,
    );
    expect(
      gecko?.data_collection_permissions !== undefined,
      "no gecko.data_collection_permissions (required of new add-ons)",
    );
    expect(manifest.key === undefined, "has a `key`: that is Chromium's; Firefox identifies the add-on by gecko.id");
    expect(!permissions.includes("offscreen"), "asks for `offscreen`, which Firefox does not have");
    expect(
      manifest.background?.service_worker === undefined,
      "background.service_worker: Firefox runs background scripts",
    );
  } else if (browser === "safari") {
    expect(manifest.key === undefined, "has a `key`: that is the Chromium build");
    expect(!permissions.includes("offscreen"), "asks for `offscreen`, which Safari does not have");
    if (manifest.icons === undefined)
      console.warn(`check-manifests: ${target} has no icons; safari-web-extension-converter needs them.`);
  } else {
    expect(version === 3, "Chromium builds are MV3");
    expect(
      manifest.key === KEY,
      "`key` is missing or not src/identity.ts EXTENSION_PUBLIC_KEY: the extension id would not match the host manifest",
    );
    expect(
      permissions.includes("offscreen"),
      "no `offscreen` permission: the service worker cannot clear the clipboard",
    );
    expect(typeof manifest.background?.service_worker === "string", "no background.service_worker");
    expect(manifest.browser_specific_settings === undefined, "has Firefox's browser_specific_settings");
  }
  return problems;
}

const targets = existsSync(output)
  ? readdirSync(output).filter(
      (name) => /^[a-z]+-mv[23]$/.test(name) && existsSync(join(output, name, "manifest.json")),
    )
  : [];
let failed = 0;
for (const target of required.filter((name) => !targets.includes(name))) {
  console.error(`✗ ${target}: not built (.output/${target}/manifest.json is missing)`);
  failed++;
}
for (const target of targets.sort()) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(output, target, "manifest.json"), "utf8"));
  } catch (error) {
    console.error(`✗ ${target}: manifest.json is not JSON (${error.message})`);
    failed++;
    continue;
  }
  const problems = check(target, manifest);
  if (problems.length === 0) {
    console.log(`✓ ${target}`);
  } else {
    failed++;
    for (const problem of problems) console.error(`✗ ${target}: ${problem}`);
  }
}
if (targets.length === 0 && required.length === 0) {
  console.error(
    "check-manifests: nothing built in .output/. Run npm run build (and -- -b firefox, npm run build:safari).",
  );
  process.exit(1);
}
// Not "N passed, N failed": CI reads that line as the test run's own summary.
console.log(
  failed === 0
    ? `check-manifests: all ${targets.length} builds are right (${targets.join(", ")})`
    : `check-manifests: ${failed} problem build(s); see above`,
);
process.exit(failed > 0 ? 1 : 0);
