import ts from 'typescript';
import type { ScopeIndex } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  NodeFlags, SyntaxKind, isAsExpression, isAwaitExpression, isBinaryExpression,
  isExpressionStatement, isIdentifier, isNonNullExpression, isParenthesizedExpression,
  isSatisfiesExpression, isTypeAssertionExpression, isVariableDeclaration,
  isVariableDeclarationList, isVoidExpression,
} = ts;

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
    if (isParenthesizedExpression(parent) || isAwaitExpression(parent) || isAsExpression(parent) ||
      isNonNullExpression(parent) || isSatisfiesExpression(parent) || isTypeAssertionExpression(parent)) {
      node = parent;
      continue;
    }
    if (isExpressionStatement(parent) || isVoidExpression(parent)) return false;
    if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.CommaToken && parent.left === node) return false;
    if (isVariableDeclaration(parent) && parent.initializer === node) {
      const list = parent.parent;
      if (isVariableDeclarationList(list) && list.flags & NodeFlags.Using) return true;
      if (!isIdentifier(parent.name)) return true;
      const name = parent.name;
      const declaration = scopes.indexedDeclaration(name);
      return declaration !== undefined && scopes.referencesTo(declaration).length > 0;
    }
    return true;
  }
}

/** True when the call is directly awaited (through parentheses). */
export function isAwaited(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (isParenthesizedExpression(node.parent)) node = node.parent;
  return isAwaitExpression(node.parent);
}
