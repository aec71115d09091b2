import { countBySeverity, type ReportedFile } from '../report';

/** One object per file: its findings, with 1-based lines and columns. */
export function formatJson(files: readonly ReportedFile[]): string {
  const output = files.map((file) => {
    const counts = countBySeverity(file.result.findings);
    return {
      filePath: file.path,
      errorCount: counts.error,
      warningCount: counts.warning,
      infoCount: counts.info,
      suppressedCount: file.result.suppressed.length,
      ...(file.result.skipped ? { skipped: file.result.skipped } : {}),
      findings: file.result.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        line: finding.startPos.line,
        column: finding.startPos.column,
        endLine: finding.endPos.line,
        endColumn: finding.endPos.column,
        related: finding.related.map((related) => ({
          message: related.message,
          line: related.startPos.line,
          column: related.startPos.column,
          endLine: related.endPos.line,
          endColumn: related.endPos.column,
        })),
        ...(finding.fix ? { fix: finding.fix } : {}),
        suggestions: finding.suggestions,
      })),
    };
  });
  return `${JSON.stringify(output, null, 2)}\n`;
}
