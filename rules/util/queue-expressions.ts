import ts from 'typescript';

/** Parentheses, type assertions and non-null assertions: they leave the value as it is. */
export function isTransparentWrapper(node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression |
  ts.SatisfiesExpression | ts.TypeAssertion {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node);
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
  if (ts.isIdentifier(inner)) return inner.text === 'Infinity';
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'Number') {
    return ['POSITIVE_INFINITY', 'MAX_SAFE_INTEGER', 'MAX_VALUE'].includes(inner.name.text);
  }
  return false;
}

/** `undefined` or `void 0`: an argument that selects the default. */
export function isUndefinedValue(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return (ts.isIdentifier(inner) && inner.text === 'undefined') || ts.isVoidExpression(inner);
}

export function isNullish(expression: ts.Expression): boolean {
  return isUndefinedValue(expression) || unwrap(expression).kind === ts.SyntaxKind.NullKeyword;
}

/** The value of a plain numeric literal, with a leading minus; undefined for anything else. */
export function numericValue(expression: ts.Expression): number | undefined {
  const inner = unwrap(expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.MinusToken) {
    const operand = numericValue(inner.operand);
    return operand === undefined ? undefined : -operand;
  }
  return undefined;
}

/** `[]`, `[a, b]`, `new Array(n)`, `Array()`, `Array.of(...)`, `Array.from(...)`: a new array owned by whoever stores it. */
export function isFreshArray(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  if (ts.isArrayLiteralExpression(inner)) return true;
  if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && ts.isIdentifier(inner.expression)) {
    return inner.expression.text === 'Array';
  }
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) &&
    ts.isIdentifier(inner.expression.expression) && inner.expression.expression.text === 'Array') {
    return inner.expression.name.text === 'of' || inner.expression.name.text === 'from';
  }
  return false;
}

/** `[]` or `new Array()`: a new empty array. */
export function isEmptyArray(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.length === 0;
  if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && ts.isIdentifier(inner.expression) && inner.expression.text === 'Array') {
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
  if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return undefined;
  if (referenceText(inner.expression.expression, sourceFile) !== receiver) return undefined;
  return { call: inner, method: inner.expression.name.text };
}

/** `x.length` for any `x`. */
export function isLengthRead(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return ts.isPropertyAccessExpression(inner) && inner.name.text === 'length';
}

/** `x.length - n`: how a truncation to the newest `n` items is written. */
export function isLengthMinus(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  return ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.MinusToken && isLengthRead(inner.left);
}

const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);

export function isComparison(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind);
}

const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
]);

export function isArithmetic(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && ARITHMETIC.has(node.operatorToken.kind);
}
