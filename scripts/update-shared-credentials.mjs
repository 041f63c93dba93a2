// `node scripts/update-shared-credentials.mjs SOURCE [--out FILE]`: replaces
// the vendored list of sites that share one sign-in with SOURCE, a path or an
// https URL of Apple's quirks/shared-credentials.json, for example
//   https://raw.githubusercontent.com/apple/password-manager-resources/main/quirks/shared-credentials.json
// SOURCE is checked against the same zod schema the host uses (bundled here
// from src/domains/ with esbuild, so there is one schema) before anything is
// written; members the host will ignore as unsafe are listed. The file is
// written formatted as biome formats it, so `npm run lint` stays clean.
// Apple publishes it under the MIT licence in src/domains/data/LICENSE-password-manager-resources;
// check that its copyright line still matches the repository's LICENSE.md.
import { spawnSync } from "node:child_process";
import { readFile, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const usage = "usage: node scripts/update-shared-credentials.mjs PATH|URL [--out FILE]";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out =
  outIndex === -1 ? `${root}src/domains/data/shared-credentials.json` : (args.splice(outIndex, 2)[1] ?? fail(usage));
if (args.length !== 1 || args[0].startsWith("-")) fail(usage);
const source = args[0];

const { parseSharedCredentialsFile, sharedCredentialGroups, unsafeGroupHost } = await loadChecks();
let file;
try {
  file = parseSharedCredentialsFile(await readSource(source));
} catch (error) {
  fail(`update-shared-credentials: ${source}: ${error instanceof Error ? error.message : String(error)}`);
}

const groups = sharedCredentialGroups(file);
const hosts = new Set(groups.flatMap((group) => [...group.sources, ...group.targets]));
for (const host of hosts) {
  const why = unsafeGroupHost(host);
  if (why !== null) console.warn(`update-shared-credentials: the host will ignore ${host}: ${why}.`);
}

const format = spawnSync(
  process.execPath,
  [`${root}node_modules/@biomejs/biome/bin/biome`, "format", "--stdin-file-path=shared-credentials.json"],
  { cwd: root, input: `${JSON.stringify(file, null, 2)}\n`, encoding: "utf8" },
);
if (format.status !== 0) fail(`update-shared-credentials: biome could not format the list: ${format.stderr}`);
const temp = `${out}.${process.pid}.tmp`;
await writeFile(temp, format.stdout);
await rename(temp, out);
console.log(`update-shared-credentials: ${groups.length} groups, ${hosts.size} sites → ${out}`);

/** The text of a local file or an https URL. */
async function readSource(where) {
  if (!/^https?:\/\//i.test(where)) return readFile(where, "utf8");
  const response = await fetch(where);
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return response.text();
}

/** The host's own checks, bundled in memory so this script runs on plain Node. */
async function loadChecks() {
  const result = await build({
    stdin: {
      contents: [
        'export { parseSharedCredentialsFile, sharedCredentialGroups } from "./src/domains/shared-credentials-file";',
        'export { unsafeGroupHost } from "./src/domains/shared-sites";',
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "error",
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
