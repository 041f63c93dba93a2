#!/usr/bin/env node
// `npx twofold` from the repository: runs the bundled CLI that `npm install`
// (the prepare script) or `npm run build:host` writes to dist/.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/twofold.cjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("twofold: the host is not built yet. Run `npm run build:host` (npm install does it too).\n");
  process.exit(1);
}
await import(bundle.href);
