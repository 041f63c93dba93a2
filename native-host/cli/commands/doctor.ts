import { resolve } from "node:path";
import { formatFinding } from "../../doctor/finding";
import { runDoctor } from "../../doctor/run-doctor";
import { BROWSER_IDS, findBrowser } from "../../install/browsers";
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
    const findings = await runDoctor({
      environment: context.environment,
      spec,
      openStore: async () => (await context.accounts()).store,
      browser,
      userDataDir: dir === undefined ? undefined : resolve(dir),
      extensionId: stringOption(args, "extension-id"),
    });
    if (flag(args, "json")) context.out(JSON.stringify(findings, null, 2));
    else for (const finding of findings) context.out(formatFinding(finding));
    return findings.some((finding) => finding.level === "error") ? 1 : 0;
  },
};
