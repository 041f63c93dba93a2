import { resolve } from "node:path";
import { formatFinding } from "../../doctor/finding";
import { runDoctor } from "../../doctor/run-doctor";
import { BROWSER_IDS } from "../../install/browsers";
import { flag, stringOption } from "../args";
import type { Command } from "../command";
import { chooseBrowser } from "./install";

export const doctor: Command = {
  name: "doctor",
  usage: "twofold doctor [--browser B] [--user-data-dir DIR] [--extension-id ID] [--json]",
  summary: "check the store and the browser installs; say how to fix problems",
  details: [
    "Each line is ✓ fine, ! a warning, ✗ a problem, or · for information; each problem comes with the command that fixes it. The exit status is 1 when there is a problem.",
    ["--browser B", `check only this browser: ${BROWSER_IDS.join(", ")}`],
    ["--user-data-dir DIR", "check only this Chromium profile folder"],
    ["--extension-id ID", "the id the manifests should allow, if not the development one"],
    ["--json", "the findings as JSON"],
  ],
  options: {
    browser: { type: "string" },
    "user-data-dir": { type: "string" },
    "extension-id": { type: "string" },
    json: { type: "boolean" },
  },
  async run(args, context) {
    const spec = context.storeSpec();
    const dir = stringOption(args, "user-data-dir");
    const browser = stringOption(args, "browser") === undefined ? undefined : chooseBrowser(args, this.usage);
    const findings = await runDoctor({
      environment: context.environment,
      spec,
      accounts: () => context.accounts(),
      browser,
      userDataDir: dir === undefined ? undefined : resolve(dir),
      extensionId: stringOption(args, "extension-id"),
    });
    if (flag(args, "json")) context.out(JSON.stringify(findings, null, 2));
    else for (const finding of findings) context.out(formatFinding(finding));
    return findings.some((finding) => finding.level === "error") ? 1 : 0;
  },
};
