import ts from 'typescript';
import { skipInnerWrappers } from './collection-kind';
import type { AddSite } from './collection-uses';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isBlock, isCallExpression, isIfStatement,
  isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression,
  isReturnStatement, isStatement, isThrowStatement,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Keys checked against an allow-list before they are added: `if (!ALLOWED.has(k)) throw …`,
 * `if (!names.includes(k)) return`, `if (!(k in table)) return`. The collection can then hold
 * at most the allow-list's keys.
 */
export class MembershipChecks {
  private readonly checks: Array<{ node: ts.Node; key: ts.Expression; list: ts.Expression }> = [];

  /** Give it every `CallExpression` and `BinaryExpression`. */
  visit(node: ts.Node): void {
    if (isCallExpression(node) && node.arguments.length === 1 && isPropertyAccessExpression(node.expression) &&
      (node.expression.name.text === 'has' || node.expression.name.text === 'includes')) {
      this.checks.push({ node, key: node.arguments[0], list: node.expression.expression });
    } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.InKeyword) {
      this.checks.push({ node, key: node.left, list: node.right });
    }
  }

  /** True when, earlier in the add's function, a failed membership check of the same key exits. */
  guards(site: AddSite, sourceFile: ts.SourceFile): boolean {
    const collection = site.use.node;
    const fn = site.use.fn;
    if (!fn || !site.key) return false;
    const key = skipInnerWrappers(site.key).getText(sourceFile);
    const collectionText = collection.getText(sourceFile);
    return this.checks.some((check) => check.node.pos >= fn.pos && check.node.end <= site.node.pos &&
      skipInnerWrappers(check.key).getText(sourceFile) === key &&
      skipInnerWrappers(check.list).getText(sourceFile) !== collectionText &&
      exitsWhenFailing(check.node, fn));
  }
}

/** The check is negated (`!list.has(k)`) in the condition of an `if` whose branch throws or returns. */
function exitsWhenFailing(check: ts.Node, fn: ts.Node): boolean {
  let negation: ts.Node = check;
  while (isParenthesizedExpression(negation.parent)) negation = negation.parent;
  if (!isPrefixUnaryExpression(negation.parent) || negation.parent.operator !== SyntaxKind.ExclamationToken) return false;
  for (let current: ts.Node = negation.parent; current.parent && current.parent !== fn; current = current.parent) {
    const parent = current.parent;
    if (isIfStatement(parent)) return parent.expression === current && isExit(parent.thenStatement);
    if (isStatement(parent) || isBlock(parent)) return false;
  }
  return false;
}

function isExit(statement: ts.Statement): boolean {
  const first = isBlock(statement) ? statement.statements[0] : statement;
  return first !== undefined && (isThrowStatement(first) || isReturnStatement(first));
}
