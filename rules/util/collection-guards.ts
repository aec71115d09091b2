import ts from 'typescript';
import { skipInnerWrappers } from './collection-kind';
import type { AddSite } from './collection-uses';
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
    if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isPropertyAccessExpression(node.expression) &&
      (node.expression.name.text === 'has' || node.expression.name.text === 'includes')) {
      this.checks.push({ node, key: node.arguments[0], list: node.expression.expression });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword) {
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
  while (ts.isParenthesizedExpression(negation.parent)) negation = negation.parent;
  if (!ts.isPrefixUnaryExpression(negation.parent) || negation.parent.operator !== ts.SyntaxKind.ExclamationToken) return false;
  for (let current: ts.Node = negation.parent; current.parent && current.parent !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent)) return parent.expression === current && isExit(parent.thenStatement);
    if (ts.isStatement(parent) || ts.isBlock(parent)) return false;
  }
  return false;
}

function isExit(statement: ts.Statement): boolean {
  const first = ts.isBlock(statement) ? statement.statements[0] : statement;
  return first !== undefined && (ts.isThrowStatement(first) || ts.isReturnStatement(first));
}
