import fc from 'fast-check';
import ts from 'typescript';

/**
 * Token-level damage of the kind an editor sees while someone types: a token deleted, doubled,
 * swapped with its neighbour or replaced, a stray token inserted, the text cut off mid-way.
 */

/** Start and end offsets of each token, comments and whitespace left out. */
export function tokenSpans(text: string): Array<[number, number]> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, text);
  const spans: Array<[number, number]> = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    spans.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
    // A pathological input cannot make this loop forever: the scanner always advances.
    if (spans.length > 200_000) break;
  }
  return spans;
}

const STRAY_TOKENS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '=>', '.', '?.', '=', '?', ':', '<', '>', '/', '/*', '*/', '//', '`', '${', "'", '"',
  '\n', 'async', 'await', 'function', 'class', 'new', 'this', 'return', 'delete', 'private', '#x', '@dec', '<div>', '</div>',
  'setInterval(', 'addEventListener(', '.push(', '.set(', 'pino()', '// leaklint-disable-line', '\u2028', '\uFEFF', '\\',
];

export type Mutation =
  | { kind: 'delete' | 'duplicate' | 'swap'; at: number }
  | { kind: 'insert' | 'replace'; at: number; token: string }
  | { kind: 'truncate'; at: number };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), token: fc.constantFrom(...STRAY_TOKENS) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies one mutation; `at` picks a token (modulo their number), so any natural number is valid. */
export function mutate(text: string, mutation: Mutation): string {
  const spans = tokenSpans(text);
  if (spans.length === 0) return mutation.kind === 'insert' ? mutation.token + text : text;
  const index = mutation.at % spans.length;
  const [start, end] = spans[index];
  const token = text.slice(start, end);
  switch (mutation.kind) {
    case 'delete':
      return text.slice(0, start) + text.slice(end);
    case 'duplicate':
      return text.slice(0, end) + token + text.slice(end);
    case 'swap': {
      const next = spans[index + 1];
      if (!next) return text;
      return text.slice(0, start) + text.slice(next[0], next[1]) + text.slice(end, next[0]) + token + text.slice(next[1]);
    }
    case 'insert':
      return text.slice(0, start) + mutation.token + text.slice(start);
    case 'replace':
      return text.slice(0, start) + mutation.token + text.slice(end);
    case 'truncate':
      return text.slice(0, start);
  }
}

export function mutateAll(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(mutate, text);
}
