import ts from 'typescript';
import type { BindingUse } from '../../server/engine/facts';
import { isWithin } from './ast';
import { skipInnerWrappers } from './collection-kind';
import type { AddSite } from './collection-uses';
import { nodesWithin } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isBlock, isCallExpression, isConditionalExpression,
  isElementAccessExpression, isExpressionStatement, isIdentifier, isIfStatement,
  isPropertyAccessExpression, isReturnStatement, isThrowStatement, isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Memoization of a pure computation: a function that looks a key up in a Map or dictionary
 * and, only on a miss, computes the value and stores it under that key, without awaiting
 * anything and without touching `this` (other than to reach the cache). Such a cache holds one
 * entry per distinct argument the code passes (compiled patterns, lookup tables, name tables),
 * not one per piece of traffic, so the rule leaves it alone.
 *
 * Per-key state is still flagged: a value that is looked up or created and then changed
 * (`rows.push(v)`, `state.add(record)`) is accumulating data, the shape of story 5. So is a
 * cache of loaded data (`await`) or of per-object state (`this.fetch(k)`).
 */
export class ImpureSpots {
  private readonly spots: ts.Node[] = [];

  /** Give it every `ThisKeyword`, `AwaitExpression` and `YieldExpression`. */
  visit(node: ts.Node): void {
    this.spots.push(node);
  }

  /**
   * True when `fn` (including functions nested in it) uses `this`, `await` or `yield`, apart from
   * the `ignored` nodes. The spots come in traversal order, so by position: the ones inside `fn`
   * are found by binary search, not by a pass over every spot of the file for each function asked
   * about (quadratic in a file with many of both).
   */
  touches(fn: ts.Node, ignored: ReadonlySet<ts.Node>): boolean {
    return nodesWithin(this.spots, fn).some((spot) => !ignored.has(spot));
  }
}

function keyText(expression: ts.Expression | undefined, sourceFile: ts.SourceFile): string | undefined {
  return expression ? skipInnerWrappers(expression).getText(sourceFile) : undefined;
}

/** `c.get(k)`, `c.has(k)`, `c[k]`, `k in c`: a lookup by key, with the key's text. */
function lookupKey(use: BindingUse, sourceFile: ts.SourceFile): string | undefined {
  if (use.kind === 'call' && (use.member === 'get' || use.member === 'has') && use.call) return keyText(use.call.arguments?.[0], sourceFile);
  if (use.kind === 'element-read' && isElementAccessExpression(use.context)) return keyText(use.context.argumentExpression, sourceFile);
  if (use.kind === 'read' && isBinaryExpression(use.context) && use.context.operatorToken.kind === SyntaxKind.InKeyword &&
    use.context.left !== use.node) {
    return keyText(use.context.left, sourceFile);
  }
  return undefined;
}

function isExit(statement: ts.Statement): boolean {
  const first = isBlock(statement) ? statement.statements[0] : statement;
  return first !== undefined && (isReturnStatement(first) || isThrowStatement(first));
}

/** The function body's own statement that contains `node`, and the statements of that body. */
function topLevelStatement(node: ts.Node, fn: ts.SignatureDeclaration): { statement: ts.Statement; body: readonly ts.Statement[] } | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || !isBlock(body)) return undefined;
  const statement = body.statements.find((candidate) => isWithin(node, candidate));
  return statement ? { statement, body: body.statements } : undefined;
}

/**
 * The add only runs on a miss: it sits in an `if` branch, a conditional branch, or the right of
 * `||` / `??` / `&&`, or comes after an early `return` that serves the hit.
 */
function addsOnlyOnMiss(site: AddSite, lookup: ts.Node, fn: ts.SignatureDeclaration): boolean {
  for (let current: ts.Node = site.node; current.parent && current.parent !== fn; current = current.parent) {
    const parent = current.parent;
    if (isIfStatement(parent) && parent.expression !== current) return true;
    if (isConditionalExpression(parent) && parent.condition !== current) return true;
    if (isBinaryExpression(parent) && parent.right === current) {
      const operator = parent.operatorToken.kind;
      if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken ||
        operator === SyntaxKind.AmpersandAmpersandToken) {
        return true;
      }
    }
  }
  const top = topLevelStatement(site.node, fn);
  if (!top) return false;
  return top.body.some((statement) => statement.pos >= lookup.end && statement.end <= top.statement.pos &&
    isIfStatement(statement) && isExit(statement.thenStatement));
}

/** The local that holds the stored value: `c.set(k, v)`, `v = c[k] = …`, `const v = c[k] = …`. */
function storedLocal(site: AddSite): string | undefined {
  const call = site.use.call;
  if (call && isCallExpression(call)) {
    const value = call.arguments[1];
    return value && isIdentifier(skipInnerWrappers(value)) ? (skipInnerWrappers(value) as ts.Identifier).text : undefined;
  }
  if (!isBinaryExpression(site.node)) return undefined;
  const right = skipInnerWrappers(site.node.right);
  if (isIdentifier(right)) return right.text;
  const parent = site.node.parent;
  if (isBinaryExpression(parent) && parent.right === site.node && isIdentifier(parent.left)) return parent.left.text;
  if (isVariableDeclaration(parent) && isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** `v.push(x)`, `v.add(x)`, `v.count = n` as a statement of the function body after the add. */
function isChangedLater(name: string, site: AddSite, fn: ts.SignatureDeclaration): boolean {
  const top = topLevelStatement(site.node, fn);
  if (!top) return false;
  return top.body.some((statement) => {
    if (statement.pos < top.statement.end || !isExpressionStatement(statement)) return false;
    const expression = statement.expression;
    const target = isCallExpression(expression) ? expression.expression
      : isBinaryExpression(expression) && expression.operatorToken.kind >= SyntaxKind.FirstAssignment &&
        expression.operatorToken.kind <= SyntaxKind.LastAssignment ? expression.left : undefined;
    if (!target || !(isPropertyAccessExpression(target) || isElementAccessExpression(target))) return false;
    const receiver = skipInnerWrappers(target.expression);
    return isIdentifier(receiver) && receiver.text === name;
  });
}

export function isMemoFill(site: AddSite, uses: readonly BindingUse[], impure: ImpureSpots, sourceFile: ts.SourceFile): boolean {
  const fn = site.use.fn;
  const key = keyText(site.key, sourceFile);
  // `this.cache` itself is not per-object state feeding the value.
  const ownThis = new Set<ts.Node>(uses.flatMap((use) => isPropertyAccessExpression(use.node) ? [use.node.expression] : []));
  if (!fn || key === undefined || impure.touches(fn, ownThis)) return false;
  // The lookup must decide whether to add, not feed the stored value
  // (`c[k] = (c[k] ?? 0) + 1` is a counter, which grows with every new key).
  const lookup = uses.find((use) => use.fn === fn && use !== site.use && !isWithin(use.node, site.node) &&
    lookupKey(use, sourceFile) === key);
  if (!lookup || !addsOnlyOnMiss(site, lookup.node, fn)) return false;
  const local = storedLocal(site);
  return local === undefined || !isChangedLater(local, site, fn);
}
