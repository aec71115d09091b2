import type { FileResult } from '../engine/lint-file';
import type { Finding, Severity } from '../engine/rule';

/** One linted file as the formats see it. */
export interface ReportedFile {
  /** Relative to the current folder (or to its scanned root when outside it), with forward slashes. */
  path: string;
  result: FileResult;
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export function totalsOf(files: readonly ReportedFile[]): Totals {
  const totals: Totals = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const file of files) {
    for (const finding of file.result.findings) {
      if (finding.severity === 'error') totals.errors++;
      else if (finding.severity === 'warning') totals.warnings++;
      else totals.infos++;
      if (finding.fix) totals.fixable++;
    }
  }
  return totals;
}
