import ts from 'typescript';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrayLiteralExpression, isAsExpression, isBinaryExpression, isCallExpression,
  isIdentifier, isNewExpression, isNonNullExpression, isNumericLiteral, isParenthesizedExpression,
  isPrefixUnaryExpression, isPropertyAccessExpression, isSatisfiesExpression,
  isTypeAssertionExpression, isVoidExpression,
} = ts;

/** Parentheses, type assertions and non-null assertions: they leave the value as it is. */
export function isTransparentWrapper(node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression |
  ts.SatisfiesExpression | ts.TypeAssertion {
  return isParenthesizedExpression(node) || isAsExpression(node) || isNonNullExpression(node) ||
    isSatisfiesExpression(node) || isTypeAssertionExpression(node);
}

/** Looks through parentheses, type assertions and non-null assertions. */
export function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isTransparentWrapper(current)) current = current.expression;
  return current;
}

/** The text of an expression, ignoring parentheses and assertions, so `this.q` and `(this.q)!` compare equal. */
export function referenceText(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  return unwrap(expression).getText(sourceFile).replace(/\s+/g, '');
}

/** `Infinity`, `Number.POSITIVE_INFINITY` and the "as big as it gets" constants people use in its place. */
export function isUnboundedNumber(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  if (isIdentifier(inner)) return inner.text === 'Infinity';
  if (isPropertyAccessExpression(inner) && isIdentifier(inner.expression) && inner.expression.text === 'Number') {
    return ['POSITIVE_INFINITY', 'MAX_SAFE_INTEGER', 'MAX_VALUE'].includes(inner.name.text);
  }
  return false;
}

/** `undefined` or `void 0`: an argument that selects the default. */
export function isUndefinedValue(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return (isIdentifier(inner) && inner.text === 'undefined') || isVoidExpression(inner);
}

export function isNullish(expression: ts.Expression): boolean {
  return isUndefinedValue(expression) || unwrap(expression).kind === SyntaxKind.NullKeyword;
}

/** The value of a plain numeric literal, with a leading minus; undefined for anything else. */
export function numericValue(expression: ts.Expression): number | undefined {
  const inner = unwrap(expression);
  if (isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (isPrefixUnaryExpression(inner) && inner.operator === SyntaxKind.MinusToken) {
    const operand = numericValue(inner.operand);
    return operand === undefined ? undefined : -operand;
  }
  return undefined;
}

/** `[]`, `[a, b]`, `new Array(n)`, `Array()`, `Array.of(...)`, `Array.from(...)`: a new array owned by whoever stores it. */
export function isFreshArray(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  if (isArrayLiteralExpression(inner)) return true;
  if ((isNewExpression(inner) || isCallExpression(inner)) && isIdentifier(inner.expression)) {
    return inner.expression.text === 'Array';
  }
  if (isCallExpression(inner) && isPropertyAccessExpression(inner.expression) &&
    isIdentifier(inner.expression.expression) && inner.expression.expression.text === 'Array') {
    return inner.expression.name.text === 'of' || inner.expression.name.text === 'from';
  }
  return false;
}

/** `[]` or `new Array()`: a new empty array. */
export function isEmptyArray(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  if (isArrayLiteralExpression(inner)) return inner.elements.length === 0;
  if ((isNewExpression(inner) || isCallExpression(inner)) && isIdentifier(inner.expression) && inner.expression.text === 'Array') {
    return (inner.arguments ?? []).length === 0;
  }
  return false;
}

/** `x.m(...)` where `x` reads as `receiver`: the call and the method name. */
export function methodCallOn(
  expression: ts.Expression,
  receiver: string,
  sourceFile: ts.SourceFile,
): { call: ts.CallExpression; method: string } | undefined {
  const inner = unwrap(expression);
  if (!isCallExpression(inner) || !isPropertyAccessExpression(inner.expression)) return undefined;
  if (referenceText(inner.expression.expression, sourceFile) !== receiver) return undefined;
  return { call: inner, method: inner.expression.name.text };
}

/** `x.length` for any `x`. */
export function isLengthRead(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return isPropertyAccessExpression(inner) && inner.name.text === 'length';
}

/** `x.length - n`: how a truncation to the newest `n` items is written. */
export function isLengthMinus(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return isBinaryExpression(inner) && inner.operatorToken.kind === SyntaxKind.MinusToken && isLengthRead(inner.left);
}

const COMPARISONS = new Set([
  SyntaxKind.LessThanToken,
  SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanToken,
  SyntaxKind.GreaterThanEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
]);

export function isComparison(node: ts.Node): node is ts.BinaryExpression {
  return isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind);
}

const ARITHMETIC = new Set([
  SyntaxKind.PlusToken,
  SyntaxKind.MinusToken,
  SyntaxKind.AsteriskToken,
  SyntaxKind.SlashToken,
  SyntaxKind.PercentToken,
]);

export function isArithmetic(node: ts.Node): node is ts.BinaryExpression {
  return isBinaryExpression(node) && ARITHMETIC.has(node.operatorToken.kind);
}
