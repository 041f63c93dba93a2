import type { Finding } from "../../src/protocol/methods";

/** One line of `twofold doctor`: what was checked, how it went, and the fix (the protocol's shape). */
export type { Finding };

/** `info` is neutral: a fact, such as a store this machine does not have, that needs nothing done. */
const MARK = { ok: "✓", info: "·", warn: "!", error: "✗" } as const satisfies Record<Finding["level"], string>;

/** A finding as `twofold doctor` prints it: a mark, the subject and message, and the fix on its own line. */
export function formatFinding(finding: Finding): string {
  const lines = [`${MARK[finding.level]} ${finding.subject}: ${finding.message}`];
  if (finding.fix) lines.push(`    fix: ${finding.fix}`);
  return lines.join("\n");
}
