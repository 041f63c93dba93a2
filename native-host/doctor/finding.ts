import type { Finding } from "../../src/protocol/methods";

/** One line of `twofold doctor`: what was checked, how it went, and the fix (the protocol's shape). */
export type { Finding };

const MARK = { ok: "✓", warn: "!", error: "✗" } as const;

export function formatFinding(finding: Finding): string {
  const lines = [`${MARK[finding.level]} ${finding.subject}: ${finding.message}`];
  if (finding.fix) lines.push(`    fix: ${finding.fix}`);
  return lines.join("\n");
}
