import ts from 'typescript';
import type { Position } from './rule';

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export const LINTABLE_EXTENSIONS = Object.keys(SCRIPT_KINDS);

function extensionOf(filePath: string): string {
  const match = /\.[^./\\]+$/.exec(filePath);
  return match ? match[0].toLowerCase() : '';
}

export function isLintablePath(filePath: string): boolean {
  return extensionOf(filePath) in SCRIPT_KINDS && !/\.d\.[mc]?ts$/i.test(filePath);
}

/** The ScriptKind for a file name; unknown extensions parse as TS, the most permissive grammar short of TSX. */
export function scriptKindFor(filePath: string): ts.ScriptKind {
  return SCRIPT_KINDS[extensionOf(filePath)] ?? ts.ScriptKind.TS;
}

/** Thrown when the text nests so deeply that the (recursive) parser runs out of stack. */
export class NestingTooDeepError extends Error {
  constructor() {
    super('The file is nested too deeply to parse (thousands of levels); not linted.');
    this.name = 'NestingTooDeepError';
  }
}

export function parseSource(filePath: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, /* setParentNodes */ true, scriptKindFor(filePath));
  } catch (error) {
    if (error instanceof RangeError) throw new NestingTooDeepError();
    throw error;
  }
}

/** The parser's own syntax errors; not part of the public API type but present on every SourceFile. */
export function syntaxErrorsOf(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function positionAt(sourceFile: ts.SourceFile, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, sourceFile.text.length));
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(clamped);
  return { line: line + 1, column: character + 1 };
}
