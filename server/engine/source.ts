import ts from 'typescript';
import { lineAndCharacterAt } from './line-starts';
import { grammarOf } from './lintable';
import type { Position } from './rule';

// Read once: `ts` reaches each export through a getter, and these run per node.
const { forEachChild, SyntaxKind } = ts;

/** The ScriptKind for a file name (see grammarOf). */
export function scriptKindFor(filePath: string): ts.ScriptKind {
  return ts.ScriptKind[grammarOf(filePath)];
}

/** Thrown when the text nests so deeply that the (recursive) parser runs out of stack. */
export class NestingTooDeepError extends Error {
  constructor() {
    super('The file is nested too deeply to parse (thousands of levels); not linted.');
    this.name = 'NestingTooDeepError';
  }
}

/**
 * What the engine parses with. No JSDoc: no rule reads it, and building it cost about a tenth of
 * the parse of `node_modules`. No parent pointers either: TypeScript sets them in a second walk
 * of the whole tree, about a quarter of the parse, while the lint walk sets them as it goes (see
 * `lintSourceFile`); a tree from here has no parents until it has been linted.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

export function parseSource(filePath: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(filePath, text, PARSE_OPTIONS, /* setParentNodes */ false, scriptKindFor(filePath));
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
  const { line, character } = lineAndCharacterAt(sourceFile, clamped);
  return { line: line + 1, column: character + 1 };
}

/**
 * V8 makes a substring of 13 characters or more a slice, which keeps the whole string it was cut
 * from alive. The parser cuts the text of each identifier and literal from the file's text, so a
 * node that `ts.updateSourceFile` made keeps its version of the file's text alive for as long as
 * later updates reuse the node: over 300 edits of a 5,000-line file, old texts piled up from 26 to
 * 51 MB of heap (a heap snapshot showed 106 of them held by identifiers' and literals' slices),
 * and stayed at 26 MB when the nodes' strings were copied. Copies the strings of one node that
 * can be such slices, so that the node holds only its own characters.
 */
export function detachFromText(node: ts.Node): void {
  switch (node.kind) {
    case SyntaxKind.Identifier:
    case SyntaxKind.PrivateIdentifier: {
      const name = node as unknown as { escapedText: string };
      name.escapedText = ownCopy(name.escapedText);
      break;
    }
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateHead:
    case SyntaxKind.TemplateMiddle:
    case SyntaxKind.TemplateTail: {
      const part = node as unknown as { text: string; rawText?: string };
      part.text = ownCopy(part.text);
      if (part.rawText !== undefined) part.rawText = ownCopy(part.rawText);
      break;
    }
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.RegularExpressionLiteral:
    case SyntaxKind.JsxText: {
      const literal = node as unknown as { text: string };
      literal.text = ownCopy(literal.text);
      break;
    }
    default:
      break;
  }
}

/** Shorter substrings are copied by V8 itself. */
const SHORTEST_SLICE = 13;

/** The same characters in a string of their own: slicing a concatenation flattens it into a new string first. */
function ownCopy(text: string): string {
  return text.length < SHORTEST_SLICE ? text : (` ${text}`).slice(1);
}

/** A tree from `parseSource` gets its parent pointers from the walk that lints it. */
export function setParent(node: ts.Node, parent: ts.Node): void {
  (node as { parent: ts.Node }).parent = parent;
}

/**
 * Visits the nodes below `root` in pre-order (parents before children, children in source
 * order) with a stack instead of recursion, so any depth of nesting is safe. When `enter`
 * returns false, the node's children are skipped. Each node's parent pointer is set before
 * `enter` sees it.
 */
export function forEachDescendant(root: ts.Node, enter: (node: ts.Node) => boolean): void {
  const stack: ts.Node[] = [];
  let parentOfPushed = root;
  const pushChild = (child: ts.Node) => {
    setParent(child, parentOfPushed);
    stack.push(child);
  };
  const pushChildrenReversed = (node: ts.Node) => {
    const firstChild = stack.length;
    parentOfPushed = node;
    forEachChild(node, pushChild);
    for (let low = firstChild, high = stack.length - 1; low < high; low++, high--) {
      const swap = stack[low];
      stack[low] = stack[high];
      stack[high] = swap;
    }
  };
  pushChildrenReversed(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node)) pushChildrenReversed(node);
  }
}
