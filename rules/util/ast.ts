import ts from 'typescript';
import { isFunctionLike, isWithin } from '../../server/engine/facts';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isElementAccessExpression, isIdentifier, isNonNullExpression,
  isParenthesizedExpression, isPropertyAccessExpression, isStringLiteralLike,
} = ts;

export { isFunctionLike, isWithin };

/** The innermost function, method, accessor, constructor or arrow that contains `node`. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** `a.b.c` for a chain of identifiers and property accesses (and `this`), else undefined. */
export function dottedName(expression: ts.Expression): string | undefined {
  if (isIdentifier(expression)) return expression.text;
  if (expression.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(expression)) {
    const left = dottedName(expression.expression);
    return left === undefined ? undefined : `${left}.${expression.name.text}`;
  }
  if (isParenthesizedExpression(expression) || isNonNullExpression(expression)) return dottedName(expression.expression);
  return undefined;
}

/** The name a call invokes: `push` for `x.push()`, `setInterval` for `setInterval()`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (isIdentifier(callee)) return callee.text;
  if (isPropertyAccessExpression(callee)) return callee.name.text;
  if (isElementAccessExpression(callee) && isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The indentation (spaces and tabs) of the line `position` is on. */
export function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, position + 200));
  return match ? match[0] : '';
}

/** The line break the file uses. */
let lastText: string | undefined;
let lastLineBreak = '\n';

/** The line break the file uses; remembers the last file, since fixes ask once per finding. */
export function lineBreakOf(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  }
  return lastLineBreak;
}
