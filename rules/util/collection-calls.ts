import ts from 'typescript';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getModifiers, isAccessor, isArrowFunction, isCallExpression,
  isEnumMember, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isIdentifier,
  isMethodDeclaration, isMethodSignature, isParenthesizedExpression, isPropertyAccessExpression,
  isPropertyAssignment, isPropertyDeclaration, isPropertySignature, isQualifiedName, isVariableStatement,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/** Array methods that call their callback right away, during the call. */
const IMMEDIATE_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'flatMap', 'sort',
]);

const MAX_DEPTH = 6;

function hasExportModifier(node: ts.Node): boolean {
  return canHaveModifiers(node) && (getModifiers(node) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword);
}

function outermost(node: ts.Node): ts.Node {
  let current = node;
  while (isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** `x` in `o.x`, `{ x: 1 }`, `x() {}`: a member's name, never a reference to a function. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (isPropertyAccessExpression(parent) && parent.name === node) || (isQualifiedName(parent) && parent.right === node) ||
    ((isPropertyAssignment(parent) || isMethodDeclaration(parent) || isPropertyDeclaration(parent) ||
      isPropertySignature(parent) || isMethodSignature(parent) || isAccessor(parent) || isEnumMember(parent)) &&
      parent.name === node);
}

/**
 * The call that runs a function expression on the spot: `(function () { … })()`, or
 * `items.forEach((x) => …)`. Undefined for a callback kept for later (an event handler, a timer).
 */
export function inlineCallOf(fn: ts.SignatureDeclaration): ts.CallExpression | undefined {
  if (!isArrowFunction(fn) && !isFunctionExpression(fn)) return undefined;
  const outer = outermost(fn);
  const parent = outer.parent;
  if (!isCallExpression(parent)) return undefined;
  if (parent.expression === outer) return parent;
  const immediate = parent.arguments.includes(outer as ts.Expression) && isPropertyAccessExpression(parent.expression) &&
    IMMEDIATE_CALLBACK_METHODS.has(parent.expression.name.text);
  return immediate ? parent : undefined;
}

function enclosingFunctionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && 'body' in current) return current as ts.SignatureDeclaration;
  }
  return undefined;
}

/**
 * Which module-level functions are only ever called directly, and from where: enough to tell
 * code that runs once (top level, an immediately invoked function, a `forEach` callback at top
 * level, a `main()` called once) from code that runs again and again. Identifiers are only
 * counted, so the rule still never walks the tree itself.
 */
export class ModuleFunctionCalls {
  /**
   * The module-level functions `soleCallSites` can answer for (non-exported declarations with a
   * body, and `const f = () => …` or `function` expressions), with their names, found from the
   * top-level statements before the walk.
   */
  private readonly moduleFunctions = new Map<ts.SignatureDeclaration, string>();
  /** Their names: identifiers with any other name are not counted at all, one set lookup each. */
  private readonly functionNames = new Set<string>();
  private readonly identifierCounts = new Map<string, number>();
  private readonly callsByName = new Map<string, ts.CallExpression[]>();
  /** Answers of `runsRepeatedly` per function and per `once`; `true` while being computed, which also ends recursion. */
  private readonly repeatedCache = new Map<ts.SignatureDeclaration | undefined, Map<ts.SignatureDeclaration, boolean>>();

  // From the statements down: this runs before the walk, when the tree has no parent pointers yet.
  constructor(sourceFile: ts.SourceFile) {
    const add = (fn: ts.SignatureDeclaration, name: string) => {
      this.moduleFunctions.set(fn, name);
      this.functionNames.add(name);
    };
    for (const statement of sourceFile.statements) {
      if (hasExportModifier(statement)) continue;
      if (isFunctionDeclaration(statement)) {
        if (statement.body && statement.name) add(statement, statement.name.text);
      } else if (isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          let init = declaration.initializer;
          while (init && isParenthesizedExpression(init)) init = init.expression;
          if (init && (isArrowFunction(init) || isFunctionExpression(init)) && isIdentifier(declaration.name)) {
            add(init, declaration.name.text);
          }
        }
      }
    }
  }

  /** Give it every `Identifier` and `CallExpression`. */
  visit(node: ts.Node): void {
    if (this.functionNames.size === 0) return;
    if (node.kind === SyntaxKind.Identifier) {
      const name = (node as ts.Identifier).text;
      if (!this.functionNames.has(name) || isMemberName(node as ts.Identifier)) return;
      this.identifierCounts.set(name, (this.identifierCounts.get(name) ?? 0) + 1);
    } else if (isCallExpression(node) && isIdentifier(node.expression) && this.functionNames.has(node.expression.text)) {
      const calls = this.callsByName.get(node.expression.text);
      if (calls) calls.push(node);
      else this.callsByName.set(node.expression.text, [node]);
    }
  }

  /**
   * Every call of a module-level function, when the function is never used any other way
   * (not exported, passed around or stored) and is called at least once; else undefined.
   */
  soleCallSites(fn: ts.SignatureDeclaration): ts.CallExpression[] | undefined {
    const name = this.moduleFunctions.get(fn);
    if (name === undefined) return undefined;
    const calls = this.callsByName.get(name) ?? [];
    if (calls.length === 0 || this.identifierCounts.get(name) !== calls.length + 1) return undefined;
    return calls;
  }

  /**
   * False when code directly inside `fn` runs at most once: at module top level (`fn`
   * undefined), in `once` (a class's constructor, for its own fields), in a function invoked
   * immediately or a callback of an array method called from such code, or in a module
   * function only called from such code.
   */
  runsRepeatedly(fn: ts.SignatureDeclaration | undefined, once?: ts.SignatureDeclaration, depth = 0): boolean {
    if (fn === undefined || fn === once) return false;
    if (depth > MAX_DEPTH) return true;
    let cache = this.repeatedCache.get(once);
    if (!cache) this.repeatedCache.set(once, cache = new Map());
    const known = cache.get(fn);
    if (known !== undefined) return known;
    cache.set(fn, true);
    const answer = this.computeRunsRepeatedly(fn, once, depth);
    cache.set(fn, answer);
    return answer;
  }

  private computeRunsRepeatedly(fn: ts.SignatureDeclaration, once: ts.SignatureDeclaration | undefined, depth: number): boolean {
    const inlineCall = inlineCallOf(fn);
    if (inlineCall) return this.runsRepeatedly(enclosingFunctionOf(inlineCall), once, depth + 1);
    const calls = this.soleCallSites(fn);
    if (!calls) return true;
    return calls.some((call) => this.runsRepeatedly(enclosingFunctionOf(call), once, depth + 1));
  }
}
