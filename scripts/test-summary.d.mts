export interface Stage {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Errors outside any test; each counts as a failure. */
  errors: string[];
  skips: { reason: string; tests: number }[];
  /** Each failed test: its name and the first line of its error. */
  failures?: string[];
}

export interface PlaywrightAnnotation {
  type: string;
  description?: string;
}
export interface PlaywrightTest {
  status?: string;
  annotations?: PlaywrightAnnotation[];
  results?: { annotations?: PlaywrightAnnotation[]; errors?: { message?: string }[] }[];
}
export interface PlaywrightSuite {
  title: string;
  specs?: { title: string; tests?: PlaywrightTest[] }[];
  suites?: PlaywrightSuite[];
}
export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: PlaywrightSuite[];
  errors?: { message?: string; value?: string }[];
}

export declare function playwrightStage(report: PlaywrightReport): Stage;
export declare function trackedChanges(cwd?: string): Map<string, string> | null;
export declare function changedByRun(before: Map<string, string>, after: Map<string, string>): string[];
export declare function formatSummary(stages: Stage[], changedFiles: string[]): { lines: string[]; failed: number };
export declare function describeFailure(name: string, message: string | undefined): string;
