import ts from 'typescript';
import { skipOuterWrappers } from '../../server/engine/facts';
import { isFunctionLike } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrowFunction, isBlock, isCallExpression, isFunctionExpression, isIdentifier,
  isParenthesizedExpression, isPropertyAccessExpression, isVoidExpression,
} = ts;

const EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);

export type EffectCallback = ts.ArrowFunction | ts.FunctionExpression;

/** `useEffect(…)`, `React.useLayoutEffect(…)` and the like. */
export function isEffectCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (isIdentifier(callee)) return EFFECT_HOOKS.has(callee.text);
  return isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && EFFECT_HOOKS.has(callee.name.text);
}

/** The effect callback `fn` is, when it is the first argument of an effect hook. */
export function asEffectCallback(fn: ts.Node): EffectCallback | undefined {
  if (!isArrowFunction(fn) && !isFunctionExpression(fn)) return undefined;
  const outer = skipOuterWrappers(fn);
  const call = outer.parent;
  return call && isCallExpression(call) && call.arguments[0] === outer && isEffectCall(call) ? fn : undefined;
}

/** The innermost effect callback that contains `node`, through any nested callbacks. */
export function enclosingEffect(node: ts.Node): EffectCallback | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) {
      const effect = asEffectCallback(current);
      if (effect) return effect;
    }
  }
  return undefined;
}

/** What an effect hands back to React. */
export type EffectCleanup =
  | { kind: 'none' }
  /** A function literal: React calls it; its body can be read. */
  | { kind: 'function'; fn: ts.ArrowFunction | ts.FunctionExpression }
  /** Something else (a variable, a call's result): treated as a cleanup we cannot see into. */
  | { kind: 'opaque' };

function isNothing(expression: ts.Expression): boolean {
  return expression.kind === SyntaxKind.NullKeyword ||
    (isIdentifier(expression) && expression.text === 'undefined') || isVoidExpression(expression);
}

/**
 * The cleanup an effect returns, given the return statements of the file (collected by the
 * rule's visitor, as rules do not walk subtrees). An expression-bodied arrow returns its body.
 */
export function effectCleanup(effect: EffectCallback, returnsOfFile: readonly ts.ReturnStatement[]): EffectCleanup {
  const returned: ts.Expression[] = [];
  if (!isBlock(effect.body)) {
    returned.push(effect.body);
  } else {
    for (const statement of returnsOfFile) {
      if (statement.expression && !isNothing(statement.expression) && owningFunction(statement) === effect) returned.push(statement.expression);
    }
  }
  if (returned.length === 0) return { kind: 'none' };
  for (const expression of returned) {
    let inner: ts.Node = expression;
    while (isParenthesizedExpression(inner)) inner = inner.expression;
    if (isArrowFunction(inner) || isFunctionExpression(inner)) return { kind: 'function', fn: inner };
  }
  return { kind: 'opaque' };
}

function owningFunction(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}
