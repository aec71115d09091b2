import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import type { EffectiveConfig } from './config';
import { applyFixes, fixUntilStable } from './fix';
import { lintText, type LintResult, type SuppressedFinding } from './linter';
import type { Finding, LocatedFix } from './rule';
import { fileNotice, skippedResult, tooLargeReason } from './skipped';
import { parseSource, syntaxErrorsOf } from './source';

export interface FileResult {
  filePath: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  syntaxErrorCount: number;
  /** Why the file was not linted, when it was not. */
  skipped?: string;
  /** The text after `--fix`, when fixes changed it. */
  fixedText?: string;
  fixCount: number;
}

/** Lines this long on average mean generated or minified code, not code someone writes. */
const MINIFIED_AVERAGE_LINE_LENGTH = 500;
const MINIFIED_MIN_SIZE = 4096;

/** Why text should not be linted, if it should not. */
export function reasonToSkip(text: string, byteLength: number, maxFileSize: number): string | undefined {
  if (byteLength > maxFileSize) return tooLargeReason(byteLength, maxFileSize);
  // An editor can be made to open a binary file as text; it is no more lintable there than on disk.
  if (text.slice(0, 8192).includes('\0')) return 'File looks binary (it contains NUL characters); not linted.';
  if (text.length >= MINIFIED_MIN_SIZE) {
    // Counting stops once there are lines enough for the average to stay under the limit: an
    // ordinary file is decided within its first few kilobytes.
    const enoughLines = Math.ceil(text.length / MINIFIED_AVERAGE_LINE_LENGTH);
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0 && lines < enoughLines; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_AVERAGE_LINE_LENGTH) {
      return `File looks minified (average line length ${Math.round(text.length / lines)} characters); not linted.`;
    }
  }
  return undefined;
}

export interface LintFileOptions {
  fix?: boolean;
  knownRuleIds?: ReadonlySet<string>;
  /** An editor buffer linted again after an edit: reuse its last tree (`setIncrementalParsing`). */
  incremental?: boolean;
}

/** Re-parsing is not free: a file with more fixes than this while it has syntax errors gets the rest after it parses. */
const MAX_FIXES_CHECKED = 20;

/**
 * On a file with syntax errors, rules see a tree the parser repaired, and a fix computed from it
 * can land in the wrong place. Such a file keeps only the fixes and suggestions that, applied
 * alone, add no syntax error; the others come back once the file parses.
 */
export function keepSafeFixes(filePath: string, text: string, result: LintResult): LintResult {
  if (result.syntaxErrorCount === 0) return result;
  let budget = MAX_FIXES_CHECKED;
  const isSafe = (fix: LocatedFix): boolean => {
    if (budget <= 0) return false;
    budget--;
    try {
      return syntaxErrorsOf(parseSource(filePath, applyFixes(text, [fix]).text)).length <= result.syntaxErrorCount;
    } catch {
      return false;
    }
  };
  const findings = result.findings.map((finding): Finding => {
    if (!finding.fix && finding.suggestions.length === 0) return finding;
    const fix = finding.fix && isSafe(finding.fix) ? finding.fix : undefined;
    return { ...finding, fix, suggestions: finding.suggestions.filter(isSafe) };
  });
  return { ...result, findings };
}

/** Lints text that is already in memory (an editor buffer, or a file read by `lintFile`). */
export function lintContent(
  filePath: string,
  text: string,
  byteLength: number,
  config: EffectiveConfig,
  options: LintFileOptions = {},
): FileResult {
  const reason = reasonToSkip(text, byteLength, config.maxFileSize);
  if (reason) return skippedResult(filePath, reason);
  // The byte order mark is not part of the code: without it, columns on line 1 match the editor's.
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const code = bom ? text.slice(1) : text;
  const lint = (source: string): LintResult =>
    keepSafeFixes(filePath, source, lintText(filePath, source, config.enabledRules, { knownRuleIds: options.knownRuleIds, incremental: options.incremental }));
  try {
    if (options.fix) {
      const fixed = fixUntilStable(filePath, code, lint);
      return {
        filePath,
        ...fixed.result,
        fixedText: fixed.text !== code ? bom + fixed.text : undefined,
        fixCount: fixed.fixCount,
      };
    }
    return { filePath, ...lint(code), fixCount: 0 };
  } catch (error) {
    // A parser or engine bug on one file must not end a run over thousands, nor the language server.
    const detail = error instanceof Error ? error.message : String(error);
    return {
      filePath,
      findings: [fileNotice('internal-error', `LeakLint failed on this file (${detail}); it was not linted.`)],
      suppressed: [],
      syntaxErrorCount: 0,
      fixCount: 0,
    };
  }
}

/** The byte length of the UTF-8 sequence starting at `offset`, or 0 when it is not valid there. */
function utf8SequenceLength(buffer: Buffer, offset: number): number {
  const lead = buffer[offset];
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  return length > 0 && offset + length <= buffer.length && isUtf8(buffer.subarray(offset, offset + length)) ? length : 0;
}

/** Where the first byte that is not valid UTF-8 is, as "line:column" (1-based, column in bytes). */
function firstInvalidUtf8(buffer: Buffer): string {
  let offset = 0;
  for (let length = 1; offset < buffer.length; offset += length) {
    length = utf8SequenceLength(buffer, offset);
    if (length === 0) break;
  }
  let line = 1;
  let lineStart = 0;
  for (let i = buffer.indexOf(10); i >= 0 && i < offset; i = buffer.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

/** Why bytes read from disk cannot be linted as UTF-8 source text, if they cannot. */
function reasonNotText(buffer: Buffer): string | undefined {
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return 'File is UTF-16 encoded; LeakLint reads UTF-8 only; not linted.';
  }
  if (buffer.subarray(0, 8192).includes(0)) {
    return 'File looks binary (it contains NUL bytes); not linted.';
  }
  if (!isUtf8(buffer)) {
    // Linting replacement characters would be wrong, and --fix would destroy the original bytes.
    return `File is not valid UTF-8 (first bad byte at ${firstInvalidUtf8(buffer)}); not linted. Save it as UTF-8 to lint it.`;
  }
  return undefined;
}

/** Reads and lints one file; a file that cannot be read or decoded yields one notice, never an exception. */
export function lintFile(filePath: string, config: EffectiveConfig, options: LintFileOptions = {}): FileResult {
  let buffer: Buffer;
  try {
    const stat = fs.statSync(filePath);
    // Reading a FIFO or a device would block or never end.
    if (!stat.isFile()) return skippedResult(filePath, 'Not a regular file; not linted.');
    if (stat.size > config.maxFileSize) {
      return skippedResult(filePath, tooLargeReason(stat.size, config.maxFileSize));
    }
    buffer = fs.readFileSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return skippedResult(filePath, `File cannot be read (${code}); not linted.`);
  }
  // Files whose size stat does not tell (such as those under /proc) are checked once read.
  if (buffer.length > config.maxFileSize) {
    return skippedResult(filePath, tooLargeReason(buffer.length, config.maxFileSize));
  }
  const notText = reasonNotText(buffer);
  if (notText) return skippedResult(filePath, notText);
  return detachedFromText(lintContent(filePath, buffer.toString('utf8'), buffer.length, config, options));
}

/**
 * The result with its strings copied. Messages and fix texts are often slices of the file's text,
 * and in V8 a slice keeps the whole text alive: a scan that keeps results would keep the text of
 * every file with a finding.
 */
function detachedFromText(result: FileResult): FileResult {
  if (result.findings.length === 0 && result.suppressed.length === 0) return result;
  const { fixedText, ...rest } = result;
  return { ...structuredClone(rest), fixedText };
}
