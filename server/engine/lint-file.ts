import * as fs from 'node:fs';
import * as ts from 'typescript';
import type { EffectiveConfig } from './config';
import { fixUntilStable } from './fix';
import { lintText, noticeFinding, type LintResult, type SuppressedFinding } from './linter';
import type { Finding } from './rule';

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

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Why text should not be linted, if it should not. */
export function reasonToSkip(text: string, byteLength: number, maxFileSize: number): string | undefined {
  if (byteLength > maxFileSize) {
    return `File is ${formatSize(byteLength)}, larger than maxFileSize (${formatSize(maxFileSize)}); not linted.`;
  }
  if (text.length >= MINIFIED_MIN_SIZE) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_AVERAGE_LINE_LENGTH) {
      return `File looks minified (average line length ${Math.round(text.length / lines)} characters); not linted.`;
    }
  }
  return undefined;
}

function skippedResult(filePath: string, reason: string): FileResult {
  const empty = ts.createSourceFile(filePath, '', ts.ScriptTarget.Latest);
  return {
    filePath,
    findings: [noticeFinding(empty, 'file-skipped', reason)],
    suppressed: [],
    syntaxErrorCount: 0,
    skipped: reason,
    fixCount: 0,
  };
}

export interface LintFileOptions {
  fix?: boolean;
  knownRuleIds?: ReadonlySet<string>;
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
  const lint = (source: string): LintResult =>
    lintText(filePath, source, config.enabledRules, { knownRuleIds: options.knownRuleIds });
  if (options.fix) {
    const fixed = fixUntilStable(filePath, text, lint);
    return {
      filePath,
      ...fixed.result,
      fixedText: fixed.text !== text ? fixed.text : undefined,
      fixCount: fixed.fixCount,
    };
  }
  return { filePath, ...lint(text), fixCount: 0 };
}

/** Reads and lints one file; a file that cannot be read or decoded yields one notice, never an exception. */
export function lintFile(filePath: string, config: EffectiveConfig, options: LintFileOptions = {}): FileResult {
  let buffer: Buffer;
  try {
    const size = fs.statSync(filePath).size;
    if (size > config.maxFileSize) {
      return skippedResult(filePath, reasonToSkip('', size, config.maxFileSize)!);
    }
    buffer = fs.readFileSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return skippedResult(filePath, `File cannot be read (${code}); not linted.`);
  }
  if (buffer.subarray(0, 8192).includes(0)) {
    return skippedResult(filePath, 'File looks binary (it contains NUL bytes); not linted.');
  }
  return lintContent(filePath, buffer.toString('utf8'), buffer.length, config, options);
}
