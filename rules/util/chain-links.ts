import ts from 'typescript';
import type { ClassFacts } from '../../server/engine/facts';
import { memberNameText } from '../../server/engine/facts';
import { dottedName } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrayLiteralExpression, isAsExpression, isBinaryExpression, isCallExpression,
  isClassDeclaration, isConditionalExpression, isExpressionStatement, isIdentifier,
  isNewExpression, isNonNullExpression, isParameterPropertyDeclaration, isParenthesizedExpression,
  isPropertyAccessExpression, isPropertyAssignment, isSatisfiesExpression,
  isShorthandPropertyAssignment, isTypeAssertionExpression,
} = ts;

/**
 * Finding "holds": places where an expression is stored inside a newly made object, such as
 * `{ prev: X }`, `[X, delta]` or `new Snapshot(X)`, which is itself the right side of an
 * assignment. The rule then checks whether X is the assignment's own target.
 */

export interface Hold {
  /** The held reference: an identifier or `this.x`. */
  held: ts.Expression;
  /** The assignment whose new value holds `held`. */
  assignment: ts.BinaryExpression;
  /** Property names on the way from the new value to `held`, outermost first. */
  properties: string[];
  /** Classes constructed on the way (`new Snapshot(held)`), with the argument position. */
  /** Objects constructed on the way (`new Snapshot(held)`): the argument position, and whether that argument is `held` itself. */
  constructions: Array<{ call: ts.NewExpression; argumentIndex: number; direct: boolean }>;
}

/** Constructors that copy or weakly hold their argument instead of keeping it. */
const NON_HOLDING_CONSTRUCTORS = new Set([
  'Date', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Array', 'URL', 'URLSearchParams',
  'RegExp', 'String', 'Number', 'Boolean', 'BigInt', 'Object', 'Error', 'TypeError', 'RangeError', 'SyntaxError',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'DataView', 'Headers',
  'Response', 'Request', 'Blob', 'TextEncoder', 'TextDecoder', 'Intl.NumberFormat', 'Intl.DateTimeFormat',
]);

function isWrapper(node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression | ts.SatisfiesExpression | ts.NonNullExpression | ts.TypeAssertion {
  return isParenthesizedExpression(node) || isAsExpression(node) || isSatisfiesExpression(node) ||
    isNonNullExpression(node) || isTypeAssertionExpression(node);
}

const MAX_STEPS = 8;

/**
 * Walks up from a reference stored in an object literal, array literal or constructor call, as
 * long as each step is another such container, to the assignment the new value goes to.
 */
export function holdOf(held: ts.Expression): Hold | undefined {
  const properties: string[] = [];
  const constructions: Hold['constructions'] = [];
  let current: ts.Node = held;
  for (let step = 0; step < MAX_STEPS; step++) {
    const parent = current.parent;
    if (isWrapper(parent)) {
      current = parent;
    } else if (isShorthandPropertyAssignment(parent) && parent.name === current) {
      properties.unshift(parent.name.text);
      current = parent.parent;
    } else if (isPropertyAssignment(parent) && parent.initializer === current) {
      properties.unshift(memberNameText(parent.name) ?? '');
      current = parent.parent;
    } else if (isArrayLiteralExpression(parent)) {
      current = parent;
    } else if (isNewExpression(parent) && parent.expression !== current) {
      const name = dottedName(parent.expression);
      if (name === undefined || NON_HOLDING_CONSTRUCTORS.has(name)) return undefined;
      const direct = skipDown(current as ts.Expression) === held;
      constructions.unshift({ call: parent, argumentIndex: parent.arguments!.indexOf(current as ts.Expression), direct });
      current = parent;
    } else if (isConditionalExpression(parent) && parent.condition !== current) {
      current = parent;
    } else if (isCallExpression(parent) && dottedName(parent.expression) === 'Object.freeze') {
      current = parent;
    } else if (isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      // A bare `x = y` is not a new object; something must have been passed through.
      if (current === held || (isWrapper(current) && skipDown(current) === held)) return undefined;
      return { held, assignment: parent, properties, constructions };
    } else {
      return undefined;
    }
  }
  return undefined;
}

function skipDown(node: ts.Expression): ts.Expression {
  let current = node;
  while (isWrapper(current)) current = current.expression;
  return current;
}

/** The holding positions directly under a container node: what a visitor hands to `holdOf`. */
export function heldCandidates(node: ts.Node): ts.Expression[] {
  const isReference = (expression: ts.Expression) => {
    const inner = skipDown(expression);
    return isIdentifier(inner) || (isPropertyAccessExpression(inner) && (inner.expression.kind === SyntaxKind.ThisKeyword || isIdentifier(inner.expression)));
  };
  if (isShorthandPropertyAssignment(node)) return [node.name];
  if (isPropertyAssignment(node)) return isReference(node.initializer) ? [skipDown(node.initializer)] : [];
  if (isArrayLiteralExpression(node)) return node.elements.filter(isReference).map(skipDown);
  if (isNewExpression(node)) return (node.arguments ?? []).filter(isReference).map(skipDown);
  return [];
}

/** What a constructor does with one of its arguments. */
export type ArgumentFate =
  | { kind: 'stored'; field: string }
  | { kind: 'unknown' }
  | { kind: 'dropped' };

/**
 * For a class declared in this file: whether the constructor keeps the argument in a field
 * (`constructor(private prev)`, `this.prev = prev`), hands it to `super` (unknown), or neither.
 * For a class from elsewhere the answer is unknown.
 */
export function argumentFate(call: ts.NewExpression, argumentIndex: number, classes: readonly ClassFacts[]): ArgumentFate {
  const name = isIdentifier(call.expression) ? call.expression.text : undefined;
  const target = name === undefined ? undefined : classes.find((facts) => facts.name === name && isClassDeclaration(facts.node));
  if (!target) return { kind: 'unknown' };
  const constructorDecl = target.constructorDecl;
  const extendsSomething = (target.node.heritageClauses ?? []).some((clause) => clause.token === SyntaxKind.ExtendsKeyword);
  if (!constructorDecl) return extendsSomething ? { kind: 'unknown' } : { kind: 'dropped' };
  const parameter = constructorDecl.parameters[argumentIndex] ??
    constructorDecl.parameters.find((p) => p.dotDotDotToken !== undefined);
  if (!parameter) return { kind: 'dropped' };
  if (!isIdentifier(parameter.name)) return { kind: 'unknown' };
  if (isParameterPropertyDeclaration(parameter, constructorDecl)) return { kind: 'stored', field: parameter.name.text };
  const parameterName = parameter.name.text;
  const isParameter = (expression: ts.Expression): boolean => {
    const inner = skipDown(expression);
    if (isIdentifier(inner)) return inner.text === parameterName;
    return isBinaryExpression(inner) && (inner.operatorToken.kind === SyntaxKind.QuestionQuestionToken ||
      inner.operatorToken.kind === SyntaxKind.BarBarToken) && isParameter(inner.left);
  };
  for (const statement of constructorDecl.body?.statements ?? []) {
    if (!isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    if (isBinaryExpression(expression) && expression.operatorToken.kind === SyntaxKind.EqualsToken &&
      isPropertyAccessExpression(expression.left) && expression.left.expression.kind === SyntaxKind.ThisKeyword &&
      isParameter(expression.right)) {
      return { kind: 'stored', field: expression.left.name.text };
    }
    if (isCallExpression(expression) && expression.expression.kind === SyntaxKind.SuperKeyword &&
      expression.arguments.some(isParameter)) {
      return { kind: 'unknown' };
    }
  }
  return { kind: 'dropped' };
}
