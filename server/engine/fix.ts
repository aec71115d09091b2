import type { Fix, TextEdit } from './rule';
import type { LintResult } from './linter';
import { parseSource, syntaxErrorsOf } from './source';

export interface AppliedFixes {
  text: string;
  applied: Fix[];
  /** Fixes left out because they overlapped one already taken. */
  conflicting: Fix[];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same offset conflict too: their order would be arbitrary.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Applies every fix that does not overlap an earlier one (in document order), all edits at once. */
export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const ordered = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  const conflicting: Fix[] = [];
  for (const fix of ordered) {
    if (fix.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) {
      conflicting.push(fix);
      continue;
    }
    taken.push(...fix.edits);
    applied.push(fix);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of taken) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { text: result, applied, conflicting };
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((edit) => edit.start));
}

function syntaxErrorCount(filePath: string, text: string): number {
  try {
    return syntaxErrorsOf(parseSource(filePath, text)).length;
  } catch {
    return Infinity;
  }
}

export interface FixLoopResult {
  text: string;
  result: LintResult;
  fixCount: number;
}

/**
 * Lints, applies the fixes (never suggestions), re-parses, and repeats until nothing is left to
 * fix, as fixes can overlap or uncover one another. A pass whose edits would add syntax errors
 * falls back to taking the fixes one at a time and keeps only those that parse.
 */
export function fixUntilStable(
  filePath: string,
  text: string,
  lint: (text: string) => LintResult,
  maxPasses = 10,
): FixLoopResult {
  let current = text;
  let result = lint(current);
  let fixCount = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixes = result.findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
    if (fixes.length === 0) break;
    const baseline = result.syntaxErrorCount;
    let { text: next, applied } = applyFixes(current, fixes);
    if (syntaxErrorCount(filePath, next) > baseline) {
      next = current;
      applied = [];
      for (const fix of fixes) {
        const attempt = applyFixes(next, [fix]);
        if (syntaxErrorCount(filePath, attempt.text) <= baseline) {
          next = attempt.text;
          applied.push(fix);
          // Offsets of later fixes refer to the old text: stop and re-lint.
          break;
        }
      }
    }
    if (applied.length === 0 || next === current) break;
    fixCount += applied.length;
    current = next;
    result = lint(current);
  }
  return { text: current, result, fixCount };
}
