/** One line of `twofold doctor`: what was checked, how it went, and the fix. */
export interface Finding {
  level: "ok" | "warn" | "error";
  subject: string;
  message: string;
  fix?: string;
}

const MARK = { ok: "✓", warn: "!", error: "✗" } as const;

export function formatFinding(finding: Finding): string {
  const lines = [`${MARK[finding.level]} ${finding.subject}: ${finding.message}`];
  if (finding.fix) lines.push(`    fix: ${finding.fix}`);
  return lines.join("\n");
}
