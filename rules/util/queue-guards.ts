import ts from 'typescript';
import { isFunctionLike } from './ast';
import { numericValue, unwrap } from './queue-expressions';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isBlock, isBreakStatement, isCaseClause, isConditionalExpression,
  isContinueStatement, isDefaultClause, isIdentifier, isIfStatement, isPrefixUnaryExpression,
  isPropertyAccessExpression, isReturnStatement, isSourceFile, isThrowStatement,
} = ts;
/* leaklint-disable uncleared-collection, unbounded-queue -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Bounds kept in a counter rather than in the array's length: an append that only runs while a
 * count is below a limit (`if (this.readBytes < this.maxBytes) this.chunks.push(c)`, or an early
 * `if (this.pending >= this.limit) return;` before it). Only the conditions on the way from the
 * append up to its function are looked at, and the statements before it in each enclosing block.
 */

const LIMIT_NAME = /max|limit|capacity|highwatermark|threshold|budget|quota/i;

type Claim = 'below' | 'at-or-above';

function isLimitOperand(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  const text = isIdentifier(inner) ? inner.text : isPropertyAccessExpression(inner) ? inner.name.text : undefined;
  return text !== undefined && LIMIT_NAME.test(text);
}

/** What a relational comparison with a limit claims about the other side when it is true. */
function comparisonClaim(comparison: ts.BinaryExpression): Claim | undefined {
  // The operator first: it is one load, and most binary expressions are not comparisons.
  const operator = comparison.operatorToken.kind;
  const lessOnLeft = operator === SyntaxKind.LessThanToken || operator === SyntaxKind.LessThanEqualsToken;
  const greaterOnLeft = operator === SyntaxKind.GreaterThanToken || operator === SyntaxKind.GreaterThanEqualsToken;
  if (!lessOnLeft && !greaterOnLeft) return undefined;
  const limitOnRight = isLimitOperand(comparison.right);
  const limitOnLeft = !limitOnRight && isLimitOperand(comparison.left);
  if (!limitOnRight && !limitOnLeft) return undefined;
  const counted = limitOnRight ? comparison.left : comparison.right;
  const value = numericValue(counted);
  if (value !== undefined) return undefined;
  // `count < max` and `max > count` both say the count is below the limit.
  return lessOnLeft === limitOnRight ? 'below' : 'at-or-above';
}

function flip(claim: Claim): Claim {
  return claim === 'below' ? 'at-or-above' : 'below';
}

/** Whether `condition` being `outcome` guarantees the claim (through `!`, `&&` when true, `||` when false). */
function guarantees(condition: ts.Expression, outcome: boolean, claim: Claim): boolean {
  const inner = unwrap(condition);
  if (isPrefixUnaryExpression(inner) && inner.operator === SyntaxKind.ExclamationToken) {
    return guarantees(inner.operand, !outcome, claim);
  }
  if (isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if ((operator === SyntaxKind.AmpersandAmpersandToken && outcome) || (operator === SyntaxKind.BarBarToken && !outcome)) {
      return guarantees(inner.left, outcome, claim) || guarantees(inner.right, outcome, claim);
    }
    const made = comparisonClaim(inner);
    return made !== undefined && (outcome ? made : flip(made)) === claim;
  }
  return false;
}

function exitsEarly(statement: ts.Statement): boolean {
  if (isReturnStatement(statement) || isThrowStatement(statement) || isContinueStatement(statement) || isBreakStatement(statement)) {
    return true;
  }
  if (isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exitsEarly(last);
  }
  return false;
}

/** True when `append` only runs while some count is below a limit. */
export function isGuardedByLimit(append: ts.Node): boolean {
  let current = append;
  for (let parent = current.parent; parent && !isFunctionLike(parent); current = parent, parent = parent.parent) {
    if (isIfStatement(parent) && parent.expression !== current) {
      if (guarantees(parent.expression, parent.thenStatement === current, 'below')) return true;
    } else if (isConditionalExpression(parent) && parent.condition !== current) {
      if (guarantees(parent.condition, parent.whenTrue === current, 'below')) return true;
    } else if (isBinaryExpression(parent) && parent.right === current &&
      parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken) {
      if (guarantees(parent.left, true, 'below')) return true;
    } else if (isBlock(parent) || isSourceFile(parent) || isCaseClause(parent) || isDefaultClause(parent)) {
      const index = parent.statements.indexOf(current as ts.Statement);
      for (const before of parent.statements.slice(0, Math.max(index, 0))) {
        if (isIfStatement(before) && !before.elseStatement && exitsEarly(before.thenStatement) &&
          guarantees(before.expression, true, 'at-or-above')) return true;
      }
    }
  }
  return false;
}

/**
 * Counters kept beside an array and compared with a limit somewhere in the file
 * (`this.dataSize += chunk.length; this.events.push(chunk)` with `this.dataSize <= this.maxDataSize`
 * elsewhere): an append in a function that advances such a counter is bounded through it.
 */
export class CounterBounds {
  private readonly comparedWithLimit = new Set<string>();
  private readonly advanced: Array<{ counter: string; fn: ts.SignatureDeclaration | undefined; node: ts.Node }> = [];
  /** Increments and comparisons as fed, looked into only when a queue needs an answer. */
  private readonly pending: Array<ts.BinaryExpression | ts.PrefixUnaryExpression | ts.PostfixUnaryExpression> = [];

  constructor(private readonly sourceFile: ts.SourceFile) {}

  onBinary(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    if (operator === SyntaxKind.PlusEqualsToken || (operator >= SyntaxKind.LessThanToken && operator <= SyntaxKind.GreaterThanEqualsToken)) {
      this.pending.push(node);
    }
  }

  onUnary(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): void {
    if (node.operator === SyntaxKind.PlusPlusToken) this.pending.push(node);
  }

  private digest(): void {
    for (const node of this.pending) {
      if (!isBinaryExpression(node)) {
        this.noteAdvance(node.operand, node);
        continue;
      }
      if (node.operatorToken.kind === SyntaxKind.PlusEqualsToken) {
        this.noteAdvance(node.left, node);
        continue;
      }
      if (comparisonClaim(node) === undefined) continue;
      const counted = isLimitOperand(node.right) ? node.left : node.right;
      const text = counterText(counted, this.sourceFile);
      if (text !== undefined) this.comparedWithLimit.add(text);
    }
    this.pending.length = 0;
  }

  private noteAdvance(target: ts.Expression, node: ts.Node): void {
    const counter = counterText(target, this.sourceFile);
    if (counter !== undefined) this.advanced.push({ counter, fn: enclosingFunctionOf(node), node });
  }

  /**
   * True when `fn` advances a counter that is compared with a limit, and not only where that
   * comparison allows it: `if (active < capacity) active++` counts work in progress, not a bound.
   */
  boundsFunction(fn: ts.SignatureDeclaration | undefined): boolean {
    this.digest();
    return fn !== undefined && this.advanced.some((entry) => entry.fn === fn && this.comparedWithLimit.has(entry.counter) &&
      !this.isAdvancedUnderItsOwnLimit(entry.node, entry.counter));
  }

  private isAdvancedUnderItsOwnLimit(node: ts.Node, counter: string): boolean {
    let current = node;
    for (let parent = current.parent; parent && !isFunctionLike(parent); current = parent, parent = parent.parent) {
      const condition = isIfStatement(parent) && parent.expression !== current ? parent.expression
        : isConditionalExpression(parent) && parent.condition !== current ? parent.condition
          : undefined;
      if (condition && this.comparesCounter(condition, counter)) return true;
    }
    return false;
  }

  private comparesCounter(condition: ts.Expression, counter: string): boolean {
    const inner = unwrap(condition);
    if (isPrefixUnaryExpression(inner)) return this.comparesCounter(inner.operand, counter);
    if (!isBinaryExpression(inner)) return false;
    if (comparisonClaim(inner) !== undefined) {
      return counterText(inner.left, this.sourceFile) === counter || counterText(inner.right, this.sourceFile) === counter;
    }
    return this.comparesCounter(inner.left, counter) || this.comparesCounter(inner.right, counter);
  }
}

/** `this.size`, `size`, `self.size`: the counter's name as written, without `this.`/`self.`. */
function counterText(expression: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  const inner = unwrap(expression);
  if (isIdentifier(inner)) return inner.text;
  if (isPropertyAccessExpression(inner)) {
    const receiver = unwrap(inner.expression);
    const owner = receiver.kind === SyntaxKind.ThisKeyword || isIdentifier(receiver) ? '' : `${receiver.getText(sourceFile)}.`;
    return `${owner}${inner.name.text}`;
  }
  return undefined;
}

function enclosingFunctionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}
