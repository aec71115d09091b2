import ts from 'typescript';
import type { Binding, BindingUse } from '../../server/engine/facts';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrayLiteralExpression, isAsExpression, isBinaryExpression, isBlock,
  isCallExpression, isExpressionStatement, isIdentifier, isIfStatement,
  isIndexSignatureDeclaration, isNewExpression, isNonNullExpression, isObjectLiteralExpression,
  isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression,
  isSatisfiesExpression, isStringLiteral, isTypeAssertionExpression, isTypeLiteralNode,
  isTypeOfExpression, isTypeReferenceNode,
} = ts;

/** The collections `uncleared-collection` knows how entries are added to and removed from. */
export type CollectionKind = 'Map' | 'Set' | 'array' | 'dictionary';

/** Looks through parentheses, `as`, `satisfies`, `!` and `<T>x` downwards. */
export function skipInnerWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    isParenthesizedExpression(current) || isAsExpression(current) || isSatisfiesExpression(current) ||
    isNonNullExpression(current) || isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `Record<K, V>` or a type literal made only of index signatures: the declared shape of a dictionary. */
export function isDictionaryType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (isTypeReferenceNode(type) && isIdentifier(type.typeName)) {
    if (type.typeName.text === 'Record') return true;
    if (type.typeName.text === 'Partial' && type.typeArguments?.length === 1) return isDictionaryType(type.typeArguments[0]);
  }
  return isTypeLiteralNode(type) && type.members.length > 0 && type.members.every(isIndexSignatureDeclaration);
}

function isObjectCreateNull(expression: ts.Expression): boolean {
  return isCallExpression(expression) && expression.arguments.length === 1 &&
    expression.arguments[0].kind === SyntaxKind.NullKeyword &&
    isPropertyAccessExpression(expression.expression) && isIdentifier(expression.expression.expression) &&
    expression.expression.expression.text === 'Object' && expression.expression.name.text === 'create';
}

/** The kind of a freshly made collection, or undefined for anything else (including WeakMap, WeakSet). */
export function freshCollectionKind(value: ts.Expression, declaredType: ts.TypeNode | undefined): CollectionKind | undefined {
  const expression = skipInnerWrappers(value);
  if (isNewExpression(expression) && isIdentifier(expression.expression)) {
    switch (expression.expression.text) {
      case 'Map': return 'Map';
      case 'Set': return 'Set';
      case 'Array': return 'array';
      default: return undefined;
    }
  }
  if (isArrayLiteralExpression(expression)) return 'array';
  if (isObjectLiteralExpression(expression)) {
    if (expression.properties.length === 0) return 'dictionary';
    return isDictionaryType(declaredType) ? 'dictionary' : undefined;
  }
  if (isObjectCreateNull(expression)) return 'dictionary';
  return undefined;
}

export function declaredTypeOf(binding: Binding): ts.TypeNode | undefined {
  return binding.declaration.type;
}

/**
 * `x ??= new Map()`, `x ||= []`, or `if (!x) x = {}`: lazy initialization, which runs once
 * and so counts as the initializer rather than as a reassignment that empties the collection.
 */
export function isLazyInitialization(use: BindingUse, declaredType: ts.TypeNode | undefined): boolean {
  if (use.kind !== 'assign' || !isBinaryExpression(use.context)) return false;
  const assignment = use.context;
  if (freshCollectionKind(assignment.right, declaredType) === undefined) return false;
  const operator = assignment.operatorToken.kind;
  if (operator === SyntaxKind.QuestionQuestionEqualsToken || operator === SyntaxKind.BarBarEqualsToken) return true;
  if (operator !== SyntaxKind.EqualsToken) return false;
  let statement: ts.Node = assignment.parent;
  if (!isExpressionStatement(statement)) return false;
  if (isBlock(statement.parent) && statement.parent.statements.length === 1) statement = statement.parent;
  const guard = statement.parent;
  return isIfStatement(guard) && guard.thenStatement === statement && testsAbsence(guard.expression, assignment.left);
}

function sameReference(a: ts.Expression, b: ts.Expression): boolean {
  const left = skipInnerWrappers(a);
  const right = skipInnerWrappers(b);
  if (isIdentifier(left) && isIdentifier(right)) return left.text === right.text;
  if (isPropertyAccessExpression(left) && isPropertyAccessExpression(right)) {
    return left.name.text === right.name.text && sameReference(left.expression, right.expression);
  }
  return left.kind === SyntaxKind.ThisKeyword && right.kind === SyntaxKind.ThisKeyword;
}

/** `!x`, `x == null`, `x === undefined`, `typeof x === 'undefined'`. */
function testsAbsence(condition: ts.Expression, target: ts.Expression): boolean {
  const test = skipInnerWrappers(condition);
  if (isPrefixUnaryExpression(test) && test.operator === SyntaxKind.ExclamationToken) return sameReference(test.operand, target);
  if (!isBinaryExpression(test)) return false;
  const operator = test.operatorToken.kind;
  if (operator !== SyntaxKind.EqualsEqualsToken && operator !== SyntaxKind.EqualsEqualsEqualsToken) return false;
  const isNothing = (side: ts.Expression) => side.kind === SyntaxKind.NullKeyword ||
    (isIdentifier(side) && side.text === 'undefined') || (isStringLiteral(side) && side.text === 'undefined');
  const refersTo = (side: ts.Expression) => sameReference(side, target) ||
    (isTypeOfExpression(side) && sameReference(side.expression, target));
  return (refersTo(test.left) && isNothing(test.right)) || (refersTo(test.right) && isNothing(test.left));
}

export interface Initialization {
  kind: CollectionKind;
  /** Every expression that makes the collection: the initializer, constructor and lazy assignments. */
  values: ts.Expression[];
  /** Uses that are part of initializing (assignment targets), so they do not count as reassignment. */
  initializingUses: Set<BindingUse>;
}

/**
 * How a long-lived binding gets its collection. Every value it is given must be a fresh
 * collection of one kind; a binding given something else (a parameter, a call's result) holds a
 * collection that someone else made and may clear.
 */
export function initializationOf(binding: Binding): Initialization | undefined {
  const type = declaredTypeOf(binding);
  const values: ts.Expression[] = [];
  const initializingUses = new Set<BindingUse>();
  if (binding.initializer) values.push(binding.initializer);
  const constructorAssignments = new Set<ts.Node>(binding.constructorAssignments);
  for (const use of binding.uses) {
    if (use.kind !== 'assign') continue;
    if (constructorAssignments.has(use.context) || isLazyInitialization(use, type)) {
      values.push((use.context as ts.BinaryExpression).right);
      initializingUses.add(use);
    }
  }
  if (values.length === 0) return undefined;
  let kind: CollectionKind | undefined;
  for (const value of values) {
    const valueKind = freshCollectionKind(value, type);
    if (valueKind === undefined || (kind !== undefined && kind !== valueKind)) return undefined;
    kind = valueKind;
  }
  return kind === undefined ? undefined : { kind, values, initializingUses };
}
