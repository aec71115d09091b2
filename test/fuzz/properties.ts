import { allRules } from '../../rules';
import type { EffectiveConfig } from '../../server/engine/config';
import { applyFixes } from '../../server/engine/fix';
import { lintContent, type FileResult } from '../../server/engine/lint-file';
import { lintText, type EnabledRule, type LintResult } from '../../server/engine/linter';
import type { Finding, LocatedFix, Position } from '../../server/engine/rule';
import { parseSource, syntaxErrorsOf } from '../../server/engine/source';

/** What one checked program contributed, for the summary line. */
export interface CheckStats {
  findings: number;
  /** Rule (or notice) id to findings, to show which rules the programs reach. */
  findingsByRule: Record<string, number>;
  fixesChecked: number;
  suggestionsChecked: number;
  fixedByLoop: number;
  withSyntaxErrors: boolean;
  /** Rule id to the number of its fixes and suggestions that would add syntax errors (dropped by the engine). */
  unsafeFixes: Record<string, number>;
}

export const KNOWN_RULE_IDS = new Set(allRules.map((rule) => rule.meta.id));

/**
 * Every rule on: with its default options, or with every boolean option turned on, which
 * widens what most rules look at (`checkPublic` and the like).
 */
export function enabledRules(broad: boolean): EnabledRule[] {
  return allRules.map((rule) => {
    const options: Record<string, unknown> = { ...rule.meta.defaultOptions };
    if (broad) for (const [key, value] of Object.entries(options)) if (typeof value === 'boolean') options[key] = true;
    return { rule, severity: 'warning' as const, options };
  });
}

function syntaxErrorCount(fileName: string, text: string): number {
  try {
    return syntaxErrorsOf(parseSource(fileName, text)).length;
  } catch {
    return Infinity;
  }
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const char = text.charCodeAt(i);
    // TypeScript's line breaks: \n, \r (alone or before \n), U+2028, U+2029.
    if (char === 10 || char === 0x2028 || char === 0x2029 || (char === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class PropertyFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

function fail(message: string): never {
  throw new PropertyFailure(message);
}

function checkRange(text: string, what: string, start: number, end: number, startPos?: Position, endPos?: Position): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
    fail(`${what}: range [${start}, ${end}) is not inside the file (length ${text.length})`);
  }
  if (startPos && endPos) {
    const expectedStart = positionAt(text, start);
    const expectedEnd = positionAt(text, end);
    if (startPos.line !== expectedStart.line || startPos.column !== expectedStart.column ||
      endPos.line !== expectedEnd.line || endPos.column !== expectedEnd.column) {
      fail(`${what}: positions ${JSON.stringify([startPos, endPos])} do not match offsets ${start}-${end} (${JSON.stringify([expectedStart, expectedEnd])})`);
    }
  }
}

function checkFix(fileName: string, text: string, baseline: number, what: string, fix: LocatedFix): void {
  const fixed = applyFixes(text, [fix]).text;
  const errors = syntaxErrorCount(fileName, fixed);
  if (errors > baseline) {
    fail(`${what} "${fix.title}" adds syntax errors (${baseline} -> ${errors}); text after it:\n${fixed}`);
  }
}

function describeFinding(finding: Finding): string {
  return `${finding.ruleId} at ${finding.startPos.line}:${finding.startPos.column} ("${finding.message}")`;
}

/** Every rule on, through `lintContent` as the CLI and the language server call it. */
function productLint(fileName: string, rules: EnabledRule[], text: string, fix: boolean): FileResult {
  const config: EffectiveConfig = { enabledRules: rules, maxFileSize: Number.MAX_SAFE_INTEGER, files: [], key: 'fuzz' };
  return lintContent(fileName, text, Buffer.byteLength(text), config, { fix, knownRuleIds: KNOWN_RULE_IDS });
}

/**
 * The fuzzing properties for one program. The rules as such (`lintText`): never throw, no rule
 * fails, every range (finding, related location, edit) lies inside the file and matches its
 * line/column. As the user gets them (`lintContent`): the same, every fix and suggestion applied
 * alone adds no syntax error, and a second `--fix` changes nothing. Throws a PropertyFailure
 * naming what broke. Fixes of the rules that add syntax errors to an already broken file are
 * dropped by the engine; they are counted, by rule, in `unsafeFixes`.
 */
export function checkProgram(fileName: string, text: string, broad = false): CheckStats {
  const rules = enabledRules(broad);
  let raw: LintResult;
  try {
    raw = lintText(fileName, text, rules, { knownRuleIds: KNOWN_RULE_IDS });
  } catch (error) {
    fail(`lintText threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  const baseline = syntaxErrorCount(fileName, text);
  const findingsByRule: Record<string, number> = {};
  for (const finding of raw.findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  const stats: CheckStats = { findings: raw.findings.length, findingsByRule, fixesChecked: 0, suggestionsChecked: 0, fixedByLoop: 0, withSyntaxErrors: baseline > 0, unsafeFixes: {} };
  checkFindings(text, raw);
  for (const finding of raw.findings) {
    for (const fix of [...(finding.fix ? [finding.fix] : []), ...finding.suggestions]) {
      if (syntaxErrorCount(fileName, applyFixes(text, [fix]).text) > baseline) {
        stats.unsafeFixes[finding.ruleId] = (stats.unsafeFixes[finding.ruleId] ?? 0) + 1;
      }
    }
  }

  // The engine drops a leading byte order mark; offsets are into the text after it.
  const code = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const product = productLint(fileName, rules, text, false);
  checkFindings(code, product);
  for (const finding of product.findings) {
    const what = describeFinding(finding);
    if (finding.fix) {
      checkFix(fileName, code, baseline, `fix of ${what}`, finding.fix);
      stats.fixesChecked++;
    }
    for (const suggestion of finding.suggestions) {
      checkFix(fileName, code, baseline, `suggestion of ${what}`, suggestion);
      stats.suggestionsChecked++;
    }
  }

  const once = productLint(fileName, rules, text, true);
  const fixed = once.fixedText ?? text;
  stats.fixedByLoop = once.fixCount;
  if (syntaxErrorCount(fileName, fixed) > baseline) fail(`--fix added syntax errors; text after it:\n${fixed}`);
  const twice = productLint(fileName, rules, fixed, true);
  if (twice.fixedText !== undefined || twice.fixCount !== 0) {
    const left = twice.findings.filter((finding) => finding.fix).map(describeFinding).join('; ');
    fail(`a second --fix changed the text again (${twice.fixCount} more fixes: ${left}); text after the first:\n${fixed}`);
  }
  return stats;
}

/** No rule failed, and every range lies inside the text and matches its line and column. */
function checkFindings(text: string, result: LintResult): void {
  const failed = result.findings.filter((finding) => finding.ruleId === 'internal-error');
  if (failed.length > 0) fail(`a rule threw: ${failed.map((finding) => finding.message).join('; ')}`);
  for (const finding of [...result.findings, ...result.suppressed]) {
    const what = describeFinding(finding);
    checkRange(text, what, finding.start, finding.end, finding.startPos, finding.endPos);
    finding.related.forEach((related, index) => checkRange(text, `${what} related ${index}`, related.start, related.end, related.startPos, related.endPos));
    for (const fix of [...(finding.fix ? [finding.fix] : []), ...finding.suggestions]) {
      fix.edits.forEach((edit, index) => checkRange(text, `${what} "${fix.title}" edit ${index}`, edit.start, edit.end, edit.startPos, edit.endPos));
    }
  }
}
