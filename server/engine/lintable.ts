/**
 * Which files LeakLint lints, and the grammar each is parsed with. Kept apart from the parser
 * (source.ts) so that finding files does not load TypeScript.
 */
export type Grammar = 'TS' | 'TSX' | 'JS' | 'JSX';

const GRAMMARS: Record<string, Grammar> = {
  '.ts': 'TS',
  '.mts': 'TS',
  '.cts': 'TS',
  '.tsx': 'TSX',
  '.js': 'JS',
  '.mjs': 'JS',
  '.cjs': 'JS',
  '.jsx': 'JSX',
};

export const LINTABLE_EXTENSIONS = Object.keys(GRAMMARS);

function extensionOf(filePath: string): string {
  const match = /\.[^./\\]+$/.exec(filePath);
  return match ? match[0].toLowerCase() : '';
}

export function isLintablePath(filePath: string): boolean {
  return extensionOf(filePath) in GRAMMARS && !/\.d\.[mc]?ts$/i.test(filePath);
}

/** Unknown extensions parse as TS, the most permissive grammar short of TSX. */
export function grammarOf(filePath: string): Grammar {
  return GRAMMARS[extensionOf(filePath)] ?? 'TS';
}
