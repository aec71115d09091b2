import ts from 'typescript';
import type { ScopeIndex } from './logger-scope';

/**
 * Whether a call's result is kept by the code around it. For APIs whose result releases what
 * the call took (`const release = await mutex.acquire()`, `using lock = mutex.lock()`, a pooled
 * connection with its own `release()`), keeping the result hands the obligation on; only a
 * discarded result, or one bound to a variable nobody reads, leaves nothing to release with.
 */
export function isResultKept(call: ts.CallExpression, scopes: ScopeIndex): boolean {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return false;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.CommaToken && parent.left === node) return false;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      const list = parent.parent;
      if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Using) return true;
      if (!ts.isIdentifier(parent.name)) return true;
      const name = parent.name;
      const declaration = scopes.declarationsOf(name.text).find((candidate) => candidate.name === name);
      return declaration !== undefined && scopes.referencesTo(declaration).length > 0;
    }
    return true;
  }
}

/** True when the call is directly awaited (through parentheses). */
export function isAwaited(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isAwaitExpression(node.parent);
}
