import { resolve } from "node:path";
import { checkBrowsers } from "../../doctor/check-browsers";
import { checkStore } from "../../doctor/check-store";
import { checkStores } from "../../doctor/check-stores";
import { type Finding, formatFinding } from "../../doctor/finding";
import { BROWSER_IDS, findBrowser } from "../../install/browsers";
import { formatStoreSpec } from "../../stores/store-spec";
import { flag, stringOption, usageError } from "../args";
import type { Command } from "../command";

export const doctor: Command = {
  name: "doctor",
  usage: `twofold doctor [--browser ${BROWSER_IDS.join("|")}] [--user-data-dir DIR] [--extension-id ID] [--json]`,
  summary: "check the store and every browser's host install, and say how to fix what is wrong",
  options: {
    browser: { type: "string" },
    "user-data-dir": { type: "string" },
    "extension-id": { type: "string" },
    json: { type: "boolean" },
  },
  async run(args, context) {
    const spec = context.storeSpec();
    const dir = stringOption(args, "user-data-dir");
    const browserId = stringOption(args, "browser");
    const browser = browserId === undefined ? undefined : findBrowser(browserId);
    if (browserId !== undefined && browser === undefined) {
      throw usageError(`unknown browser "${browserId}" (one of ${BROWSER_IDS.join(", ")})`, this.usage);
    }
    const findings: Finding[] = [
      nodeFinding(),
      ...(await checkStore(spec, async () => (await context.accounts()).store, context.environment.env)),
      ...(await checkStores(context.environment, spec)),
      ...(await checkBrowsers(
        {
          userDataDir: dir === undefined ? undefined : resolve(dir),
          browser,
          extensionId: stringOption(args, "extension-id"),
          storeSpec: formatStoreSpec(spec),
        },
        context.environment,
      )),
    ];
    if (flag(args, "json")) context.out(JSON.stringify(findings, null, 2));
    else for (const finding of findings) context.out(formatFinding(finding));
    return findings.some((finding) => finding.level === "error") ? 1 : 0;
  },
};

function nodeFinding(): Finding {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 20
    ? { level: "ok", subject: "node", message: `${process.version} at ${process.execPath}` }
    : { level: "error", subject: "node", message: `${process.version} is too old`, fix: "install Node.js 20 or later" };
}
