import ts from 'typescript';
import type { Binding, BindingUse, FileFacts } from '../../server/engine/facts';
import { memberNameText } from '../../server/engine/facts';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isAsExpression, isBinaryExpression, isConditionalExpression, isDeleteExpression,
  isElementAccessExpression, isFunctionLike, isIdentifier, isIfStatement, isNonNullExpression,
  isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isSourceFile,
  isStringLiteralLike, isVoidExpression, isWhileStatement,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * What ends a chain of back-pointers: setting the back-pointer property to `null`/`undefined`
 * or deleting it, or a counter or guard that bounds the depth. Property cuts are collected from
 * the whole file: a helper outside the class (`unlink(node) { node.prev = null }`) cuts too.
 */
export class PropertyCuts {
  private readonly names = new Set<string>();

  /** Give it every `BinaryExpression` and `DeleteExpression`. */
  visit(node: ts.Node): void {
    if (isDeleteExpression(node)) {
      this.record(node.expression);
    } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && isNothing(node.right)) {
      this.record(node.left);
    }
  }

  private record(target: ts.Expression): void {
    let inner = target;
    while (isParenthesizedExpression(inner) || isNonNullExpression(inner)) inner = inner.expression;
    if (isPropertyAccessExpression(inner)) {
      this.names.add(memberNameText(inner.name) ?? '');
    } else if (isElementAccessExpression(inner) && isStringLiteralLike(inner.argumentExpression)) {
      this.names.add(inner.argumentExpression.text);
    }
  }

  has(property: string): boolean {
    return this.names.has(property);
  }
}

/** `null`, `undefined`, `void 0`. */
function isNothing(expression: ts.Expression): boolean {
  let inner = expression;
  while (isParenthesizedExpression(inner) || isAsExpression(inner)) inner = inner.expression;
  if (isBinaryExpression(inner) && inner.operatorToken.kind === SyntaxKind.EqualsToken) return isNothing(inner.right);
  return inner.kind === SyntaxKind.NullKeyword || (isIdentifier(inner) && inner.text === 'undefined') || isVoidExpression(inner);
}

const DEPTH_WORD = /depth|length|size|count|level|max|limit|capacity|history/i;

function isRelational(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.GreaterThanToken || kind === SyntaxKind.GreaterThanEqualsToken ||
    kind === SyntaxKind.LessThanToken || kind === SyntaxKind.LessThanEqualsToken;
}

function namesDepth(expression: ts.Expression): boolean {
  let inner = expression;
  while (isParenthesizedExpression(inner) || isNonNullExpression(inner)) inner = inner.expression;
  if (isIdentifier(inner)) return DEPTH_WORD.test(inner.text);
  if (isPropertyAccessExpression(inner)) return DEPTH_WORD.test(inner.name.text) || namesDepth(inner.expression);
  if (isBinaryExpression(inner)) return namesDepth(inner.left) || namesDepth(inner.right);
  return false;
}

/** `depth < MAX`, or such a comparison directly under `&&` / `||`. */
function isDepthComparison(condition: ts.Expression): boolean {
  let inner = condition;
  while (isParenthesizedExpression(inner)) inner = inner.expression;
  if (isPrefixUnaryExpression(inner) && inner.operator === SyntaxKind.ExclamationToken) return isDepthComparison(inner.operand);
  if (!isBinaryExpression(inner)) return false;
  const operator = inner.operatorToken.kind;
  if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) {
    return isDepthComparison(inner.left) || isDepthComparison(inner.right);
  }
  return isRelational(operator) && (namesDepth(inner.left) || namesDepth(inner.right));
}

/** The assignment only runs while a depth-like comparison holds (`if (this.depth < MAX) …`). */
export function isGuardedByDepth(assignment: ts.Node): boolean {
  for (let current: ts.Node = assignment; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunctionLike(parent) || isSourceFile(parent)) return false;
    if (isIfStatement(parent) && parent.expression !== current && isDepthComparison(parent.expression)) return true;
    if (isConditionalExpression(parent) && parent.condition !== current && isDepthComparison(parent.condition)) return true;
    if (isWhileStatement(parent) && parent.statement === current && isDepthComparison(parent.expression)) return true;
  }
  return false;
}

/**
 * Another long-lived binding of the same scope that is counted up or down next to the
 * assignment (same function) and compared somewhere: a depth counter (`if (this.depth >= MAX)`).
 */
export function isBoundedByCounter(assignmentUse: BindingUse, binding: Binding, facts: FileFacts): boolean {
  const neighbours = binding.kind === 'module' ? [...facts.moduleBindings.values()] : [...(binding.classFacts?.fields.values() ?? [])];
  return neighbours.some((other) => other !== binding &&
    other.uses.some((use) => isCounting(use) && use.fn === assignmentUse.fn) &&
    other.uses.some((use) => use.kind === 'read' && isBinaryExpression(use.context) && isRelational(use.context.operatorToken.kind)));
}

function isCounting(use: BindingUse): boolean {
  if (use.kind === 'update') return true;
  // `this.depth = this.depth + 1`
  return use.kind === 'assign' && isBinaryExpression(use.context) && isBinaryExpression(use.context.right) &&
    (use.context.right.operatorToken.kind === SyntaxKind.PlusToken || use.context.right.operatorToken.kind === SyntaxKind.MinusToken);
}
