import ts from 'typescript';
import { lineAndCharacterAt } from './line-starts';
import { forEachDescendant } from './source';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { SyntaxKind, createScanner, forEachChild } = ts;

/**
 * Suppression comments:
 *   // leaklint-disable-next-line [rule-a, rule-b] [-- reason]
 *   // leaklint-disable-line [rules] [-- reason]
 *   /* leaklint-disable [rules] [-- reason] *\/      (whole file)
 * No rule list means every rule.
 */

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable';

export interface Directive {
  kind: DirectiveKind;
  /** Empty means all rules. */
  ruleIds: string[];
  reason: string | undefined;
  /** 1-based line the directive applies to; 0 for a whole-file directive. */
  line: number;
  /** Offsets of the comment. */
  start: number;
  end: number;
}

const DIRECTIVE = /(\/\/|\/\*)[ \t*]*leaklint-(disable-next-line|disable-line|disable)(?![\w-])/g;
const TOKENS_WITH_TEXT = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.JsxText,
  SyntaxKind.Identifier,
  SyntaxKind.NumericLiteral,
]);

/**
 * The deepest node containing each position (ascending). One walk for all positions, pruned to
 * the subtrees that contain one: descending from the root for each position would be quadratic
 * in files with many directives.
 */
function deepestNodes(sourceFile: ts.SourceFile, positions: readonly number[]): ts.Node[] {
  // In pre-order, the deepest node containing a position is the last visited node that contains it.
  const deepest: ts.Node[] = positions.map(() => sourceFile);
  const firstAtOrAfter = (offset: number): number => {
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (positions[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  forEachDescendant(sourceFile, (node) => {
    const first = firstAtOrAfter(node.pos);
    if (first >= positions.length || positions[first] >= node.end) return false;
    for (let i = first; i < positions.length && positions[i] < node.end; i++) deepest[i] = node;
    return true;
  });
  return deepest;
}

/**
 * True when a comment starts exactly at `position`, the deepest node containing it being
 * `node`: directive-looking text inside a string, a regex, or another comment (a doc comment
 * showing an example) is not a directive.
 */
function commentStartsAt(sourceFile: ts.SourceFile, scanner: ts.Scanner, node: ts.Node, position: number): boolean {
  let triviaFrom: number;
  if (node !== sourceFile && position < node.getStart(sourceFile)) {
    // In the node's leading trivia, which begins right after the previous token.
    triviaFrom = node.pos;
  } else {
    if (TOKENS_WITH_TEXT.has(node.kind)) return false;
    // Between the node's own tokens (punctuation, keywords): scan them from its last child before the position.
    triviaFrom = node === sourceFile ? 0 : node.getStart(sourceFile);
    forEachChild(node, (child) => {
      if (child.end <= position) triviaFrom = Math.max(triviaFrom, child.end);
    });
  }
  scanner.resetTokenState(triviaFrom);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    if (start >= position) {
      return start === position && (kind === SyntaxKind.SingleLineCommentTrivia || kind === SyntaxKind.MultiLineCommentTrivia);
    }
    if (scanner.getTokenEnd() > position) return false;
  }
  return false;
}

function parseBody(body: string): { ruleIds: string[]; reason: string | undefined } {
  const separator = /(^|\s)--(\s|$)/.exec(body);
  const list = separator ? body.slice(0, separator.index) : body;
  const reason = separator ? body.slice(separator.index + separator[0].length).trim() || undefined : undefined;
  const ruleIds = list.split(/[\s,]+/).filter((part) => part.length > 0);
  return { ruleIds, reason };
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

/** Drops the `*` that start the lines of a block comment; linear, whatever the comment holds. */
function normalizeBody(body: string): string {
  return body.replace(/\*/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('leaklint-disable')) return [];
  const matches: RegExpExecArray[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(text); match; match = DIRECTIVE.exec(text)) matches.push(match);
  const nodes = deepestNodes(sourceFile, matches.map((match) => match.index));
  const scanner = createScanner(sourceFile.languageVersion, /* skipTrivia */ false, sourceFile.languageVariant, text);
  const directives: Directive[] = [];
  matches.forEach((match, i) => {
    const start = match.index;
    if (!commentStartsAt(sourceFile, scanner, nodes[i], start)) return;
    const isBlock = match[1] === '/*';
    const bodyStart = start + match[0].length;
    let end: number;
    if (isBlock) {
      const close = text.indexOf('*/', bodyStart);
      end = close < 0 ? text.length : close + 2;
    } else {
      LINE_BREAK.lastIndex = bodyStart;
      const newline = LINE_BREAK.exec(text);
      end = newline ? newline.index : text.length;
    }
    const body = normalizeBody(text.slice(bodyStart, isBlock && end >= bodyStart + 2 ? end - 2 : end));
    const { ruleIds, reason } = parseBody(body);
    const kind = match[2] as DirectiveKind;
    const startLine = lineAndCharacterAt(sourceFile, start).line + 1;
    const endLine = lineAndCharacterAt(sourceFile, end).line + 1;
    const line = kind === 'disable' ? 0 : kind === 'disable-line' ? startLine : endLine + 1;
    directives.push({ kind, ruleIds, reason, line, start, end });
  });
  return directives;
}

/** Decides whether a finding on a given line is suppressed, and by which directive. */
export class SuppressionIndex {
  private readonly fileWide: Directive[] = [];
  private readonly byLine = new Map<number, Directive[]>();

  constructor(directives: readonly Directive[]) {
    for (const directive of directives) {
      if (directive.kind === 'disable') {
        this.fileWide.push(directive);
      } else {
        const list = this.byLine.get(directive.line);
        if (list) list.push(directive);
        else this.byLine.set(directive.line, [directive]);
      }
    }
  }

  find(ruleId: string, line: number): Directive | undefined {
    const applies = (directive: Directive) => directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);
    return this.fileWide.find(applies) ?? this.byLine.get(line)?.find(applies);
  }
}
