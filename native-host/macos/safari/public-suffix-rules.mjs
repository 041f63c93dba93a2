// Writes the public suffix list as a JSON array of ASCII rules, for the Safari
// handler (SafariWebExtensionHandler.swift) to bind domains the way the host
// does with tldts: a binding may never be a public suffix, and "remember this
// site" binds the registrable domain. convert.sh puts the output beside the
// extension's files, where it ends up in the app extension's Resources.
//
//   node native-host/macos/safari/public-suffix-rules.mjs > public_suffix_rules.json
//
// Source: the `psl` package's copy of https://publicsuffix.org/list/ (ICANN
// and private sections, as tldts uses with allowPrivateDomains). Its rules
// are Unicode; page hosts reach the handler in ASCII (punycode), so each rule
// is converted with the WHATWG domain-to-ASCII algorithm.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { domainToASCII } from "node:url";

const require = createRequire(import.meta.url);
// Read as text: the file is an ES module (`export default [...]`) in a package
// whose `exports` do not expose it.
const source = await readFile(join(dirname(require.resolve("psl")), "..", "data", "rules.js"), "utf8");
const rules = [...source.matchAll(/^\s*"([^"]+)",?$/gm)].map((match) => match[1]);
if (rules.length < 5000) {
  console.error(`public-suffix-rules: found only ${rules.length} rules in psl/data/rules.js; its format changed.`);
  process.exit(1);
}

const ascii = new Set();
for (const rule of rules) {
  const prefix = rule.startsWith("!") ? "!" : rule.startsWith("*.") ? "*." : "";
  const name = rule.slice(prefix.length);
  const converted = domainToASCII(name);
  if (converted === "") {
    console.error(`public-suffix-rules: cannot convert rule "${rule}" to ASCII; skipped.`);
    continue;
  }
  ascii.add(prefix + converted);
}
process.stdout.write(`${JSON.stringify([...ascii])}\n`);
