import { NOTICES, type NoticeId } from './notices';
import type { FileResult } from './lint-file';
import type { Finding } from './rule';

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

/** A notice at the start of a file about the file as a whole, built without a tree of it. */
export function fileNotice(id: NoticeId, message: string): Finding {
  const start = { line: 1, column: 1 };
  return {
    ruleId: id,
    message,
    severity: NOTICES[id].severity,
    start: 0,
    end: 0,
    startPos: start,
    endPos: { ...start },
    related: [],
    fix: undefined,
    suggestions: [],
  };
}

/** The `file-skipped` notice, saying why a file was not linted. */
export function skippedFinding(reason: string): Finding {
  return fileNotice('file-skipped', reason);
}

/** The result for a file that was not linted: its one `file-skipped` notice. */
export function skippedResult(filePath: string, reason: string): FileResult {
  return { filePath, findings: [skippedFinding(reason)], suppressed: [], syntaxErrorCount: 0, skipped: reason, fixCount: 0 };
}
