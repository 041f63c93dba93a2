// `npm run build [-- -b firefox|safari] [--mv3]`: the native host bundle,
// then the extension for the chosen browser (Chrome MV3 by default).
import { spawnSync } from "node:child_process";

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, ["scripts/build-host.mjs"]);
run(process.execPath, ["node_modules/wxt/bin/wxt.mjs", "build", ...process.argv.slice(2)]);
