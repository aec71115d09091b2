import type { Severity } from './rule';
import { DOCS_BASE_URL } from './docs';

/**
 * Findings the engine itself reports about a file (not a leak pattern). They share the finding
 * shape so every output format and the editor show them without special cases.
 */
export const NOTICES = {
  'syntax-error': {
    description: 'The file has syntax errors; LeakLint reports what it finds in the parts that parse.',
    severity: 'warning',
  },
  'invalid-directive': {
    description: 'A leaklint-disable comment names a rule that does not exist.',
    severity: 'warning',
  },
  'internal-error': {
    description: 'A rule failed on this file, so its findings for this file may be incomplete.',
    severity: 'warning',
  },
  'file-skipped': {
    description: 'The file was not linted (too large, minified, binary, unreadable or nested too deeply).',
    severity: 'info',
  },
} as const satisfies Record<string, { description: string; severity: Severity }>;

export type NoticeId = keyof typeof NOTICES;

export function isNoticeId(id: string): id is NoticeId {
  return Object.prototype.hasOwnProperty.call(NOTICES, id);
}

export const NOTICES_DOCS_URL = `${DOCS_BASE_URL}/notices.md`;
