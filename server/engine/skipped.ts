import { NOTICES } from './notices';
import type { FileResult } from './lint-file';

// No TypeScript here: a scan decides that a file is too large from its size alone, and must not
// load the parser (a quarter of a second) to say so.

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function tooLargeReason(byteLength: number, maxFileSize: number): string {
  return `File is ${formatSize(byteLength)}, larger than maxFileSize (${formatSize(maxFileSize)}); not linted.`;
}

/** The result for a file that was not linted: one `file-skipped` notice at its start. */
export function skippedResult(filePath: string, reason: string): FileResult {
  const start = { line: 1, column: 1 };
  return {
    filePath,
    findings: [{
      ruleId: 'file-skipped',
      message: reason,
      severity: NOTICES['file-skipped'].severity,
      start: 0,
      end: 0,
      startPos: start,
      endPos: { ...start },
      related: [],
      fix: undefined,
      suggestions: [],
    }],
    suppressed: [],
    syntaxErrorCount: 0,
    skipped: reason,
    fixCount: 0,
  };
}
