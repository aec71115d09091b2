import * as ts from 'typescript';

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
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.NumericLiteral,
]);

/** True when `position` lies in trivia (a comment), not inside a token such as a string or regex literal. */
function isInTrivia(sourceFile: ts.SourceFile, position: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) break;
    node = next;
  }
  if (node === sourceFile) return true;
  return !(TOKENS_WITH_TEXT.has(node.kind) && position >= node.getStart(sourceFile));
}

function parseBody(body: string): { ruleIds: string[]; reason: string | undefined } {
  const separator = /(^|\s)--(\s|$)/.exec(body);
  const list = separator ? body.slice(0, separator.index) : body;
  const reason = separator ? body.slice(separator.index + separator[0].length).trim() || undefined : undefined;
  const ruleIds = list.split(/[\s,]+/).filter((part) => part.length > 0);
  return { ruleIds, reason };
}

export function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('leaklint-disable')) return [];
  const directives: Directive[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(text); match; match = DIRECTIVE.exec(text)) {
    const start = match.index;
    if (!isInTrivia(sourceFile, start)) continue;
    const isBlock = match[1] === '/*';
    const bodyStart = start + match[0].length;
    let end: number;
    if (isBlock) {
      const close = text.indexOf('*/', bodyStart);
      end = close < 0 ? text.length : close + 2;
    } else {
      const newline = text.slice(bodyStart).search(/\r\n|[\n\r\u2028\u2029]/);
      end = newline < 0 ? text.length : bodyStart + newline;
    }
    const body = text.slice(bodyStart, isBlock && end >= bodyStart + 2 ? end - 2 : end).replace(/\s*\*\s*/g, ' ');
    const { ruleIds, reason } = parseBody(body.trim());
    const kind = match[2] as DirectiveKind;
    const startLine = sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    const endLine = sourceFile.getLineAndCharacterOfPosition(end).line + 1;
    const line = kind === 'disable' ? 0 : kind === 'disable-line' ? startLine : endLine + 1;
    directives.push({ kind, ruleIds, reason, line, start, end });
  }
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
