import ts from 'typescript';
import { isFunctionLike, isWithin } from './ast';
import type { Declaration, ScopeIndex } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, getModifiers, isAccessor, isArrayLiteralExpression, isArrowFunction, isAsExpression,
  isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isCaseClause,
  isClassStaticBlockDeclaration, isConditionalExpression, isConstructorDeclaration,
  isDefaultClause, isElementAccessExpression, isFunctionDeclaration, isFunctionExpression,
  isIdentifier, isIfStatement, isMethodDeclaration, isNewExpression, isNonNullExpression,
  isObjectLiteralExpression, isParenthesizedExpression, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isReturnStatement,
  isSatisfiesExpression, isShorthandPropertyAssignment, isSourceFile, isSpreadAssignment,
  isThrowStatement, isTypeAssertionExpression, isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * How often a piece of code runs, as far as one file shows: once (module level, a static
 * initializer, a function only ever called once from code that runs once, an IIFE), once per
 * instance (constructor, instance field initializer), or per call of a function. Also: whether a
 * value built there is cached in a long-lived place behind a guard, or handed to the caller.
 */

export type RunContext =
  | { kind: 'once' }
  | { kind: 'instance'; container: ts.Node }
  | { kind: 'function'; fn: ts.SignatureDeclaration };

const MAX_DEPTH = 4;

export function runContextOf(node: ts.Node): RunContext {
  let previous = node;
  for (let current = node.parent; current; previous = current, current = current.parent) {
    if (isFunctionLike(current)) {
      return isConstructorDeclaration(current) ? { kind: 'instance', container: current } : { kind: 'function', fn: current };
    }
    if (isPropertyDeclaration(current) && current.initializer === previous) {
      const isStatic = (getModifiers(current) ?? []).some((modifier) => modifier.kind === SyntaxKind.StaticKeyword);
      return isStatic ? { kind: 'once' } : { kind: 'instance', container: current };
    }
    if (isClassStaticBlockDeclaration(current) || isSourceFile(current)) return { kind: 'once' };
  }
  return { kind: 'once' };
}

function skipParenthesesUp(node: ts.Node): ts.Node {
  let current = node;
  while (isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

function skipParenthesesDown(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The call that runs `fn` right where it is defined: `(function () {})()`, `(() => {}).call(this)`. */
function immediateCall(fn: ts.Node): ts.CallExpression | undefined {
  const outer = skipParenthesesUp(fn);
  const parent = outer.parent;
  if (isCallExpression(parent) && parent.expression === outer) return parent;
  if (isPropertyAccessExpression(parent) && parent.expression === outer && (parent.name.text === 'call' || parent.name.text === 'apply') &&
    isCallExpression(parent.parent) && parent.parent.expression === parent) {
    return parent.parent;
  }
  // A UMD wrapper: `(function (root, factory) { ... factory() ... })(this, function () { ... })`.
  if (isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression)) {
    const callee = skipParenthesesDown(parent.expression);
    if (isFunctionExpression(callee) || isArrowFunction(callee)) return parent;
  }
  return undefined;
}

/**
 * Wrappers that run the function they are given once: `once(fn)`, `memoize(fn)` (once per key),
 * React's `useMemo(fn, deps)` and lazy `useState(fn)` (once per mounted component).
 */
const RUN_ONCE_WRAPPERS = new Set(['once', 'memoize', 'useMemo', 'useState']);

function isRunOnceWrapperArgument(fn: ts.Node): boolean {
  const outer = skipParenthesesUp(fn);
  const parent = outer.parent;
  if (!isCallExpression(parent) || parent.arguments[0] !== outer) return false;
  const callee = skipParenthesesDown(parent.expression);
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && RUN_ONCE_WRAPPERS.has(name);
}

/** The identifier that names a function: its declaration name, or the variable it initializes. */
export function functionNameNode(fn: ts.SignatureDeclaration): ts.Identifier | undefined {
  if (isFunctionDeclaration(fn)) return fn.name;
  if (isFunctionExpression(fn) || isArrowFunction(fn)) {
    const outer = skipParenthesesUp(fn);
    const parent = outer.parent;
    if (isVariableDeclaration(parent) && parent.initializer === outer && isIdentifier(parent.name)) return parent.name;
  }
  return undefined;
}

/**
 * The member name a method or a function-valued property is called by (`x.name()`). Getters
 * have none: every read of the property runs them, and reads are not calls.
 */
export function methodName(fn: ts.SignatureDeclaration): string | undefined {
  if (isMethodDeclaration(fn) && (isIdentifier(fn.name) || isPrivateIdentifier(fn.name))) return fn.name.text;
  if (isFunctionExpression(fn) || isArrowFunction(fn)) {
    const outer = skipParenthesesUp(fn);
    const parent = outer.parent;
    if ((isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && parent.initializer === outer && isIdentifier(parent.name)) {
      return parent.name.text;
    }
    if (isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken &&
      isPropertyAccessExpression(parent.left)) {
      return parent.left.name.text;
    }
  }
  return undefined;
}

function isCallee(reference: ts.Node): ts.CallExpression | undefined {
  const outer = skipParenthesesUp(reference);
  return isCallExpression(outer.parent) && outer.parent.expression === outer ? outer.parent : undefined;
}

export interface PerCallSite {
  /** Where a logger is made per call: the construction, or a call of a helper that returns one. */
  site: ts.CallExpression | ts.NewExpression;
  context: RunContext;
  /** The constructions the site reaches through helpers that return them, innermost last. */
  via: Array<ts.CallExpression | ts.NewExpression>;
}

export class LoggerLifetime {
  private readonly onceCache = new Map<ts.Node, boolean>();
  private readonly sitesCache = new Map<ts.Node, PerCallSite[]>();

  constructor(
    private readonly text: string,
    private readonly scopes: ScopeIndex,
    /** Calls of the form `x.name(...)`, by `name`. */
    private readonly memberCalls: ReadonlyMap<string, readonly ts.CallExpression[]>,
    private readonly checkConstructors: boolean,
  ) {}

  /** Where `site` makes a logger per call: itself, callers of the helper returning it, or nowhere. */
  perCallSites(site: ts.CallExpression | ts.NewExpression, depth = 0): PerCallSite[] {
    // Helpers share callers; each site is judged once (and a cycle through itself finds nothing).
    const known = this.sitesCache.get(site);
    if (known) return known;
    this.sitesCache.set(site, []);
    const result = this.computePerCallSites(site, depth);
    this.sitesCache.set(site, result);
    return result;
  }

  private computePerCallSites(site: ts.CallExpression | ts.NewExpression, depth: number): PerCallSite[] {
    const context = runContextOf(site);
    if (context.kind === 'once') return [];
    if (context.kind === 'instance') {
      if (!this.checkConstructors || this.isCachedOnce(site, context.container)) return [];
      return [{ site, context, via: [] }];
    }
    const fn = context.fn;
    if (this.runsOnce(fn, 0) || this.isCachedOnce(site, fn)) return [];
    if (this.isReturned(site, fn, 0)) {
      const callers = this.callersOf(fn);
      // A helper whose job is to build and return the logger: its callers decide how often it runs.
      if (callers === undefined) return [{ site, context, via: [] }];
      if (depth >= MAX_DEPTH) return [];
      return callers.flatMap((caller) => this.perCallSites(caller, depth + 1).map((found) => ({ ...found, via: [...found.via, site] })));
    }
    return [{ site, context, via: [] }];
  }

  /** True when `fn` visibly runs at most once: an IIFE, or a function called exactly once from code that runs once. */
  runsOnce(fn: ts.SignatureDeclaration, depth: number): boolean {
    const cached = this.onceCache.get(fn);
    if (cached !== undefined) return cached;
    this.onceCache.set(fn, false); // recursion through itself is not "once"
    const result = depth < MAX_DEPTH && this.computeRunsOnce(fn, depth);
    this.onceCache.set(fn, result);
    return result;
  }

  private computeRunsOnce(fn: ts.SignatureDeclaration, depth: number): boolean {
    if (isRunOnceWrapperArgument(fn)) return true;
    const immediate = immediateCall(fn);
    if (immediate) return this.contextRunsOnce(immediate, depth);
    const name = functionNameNode(fn);
    const declaration = name ? this.declarationOf(name) : undefined;
    if (!declaration) return false;
    const references = this.scopes.referencesTo(declaration);
    if (references.length !== 1) return false;
    const call = isCallee(references[0]);
    return call !== undefined && this.contextRunsOnce(call, depth);
  }

  private contextRunsOnce(node: ts.Node, depth: number): boolean {
    const context = runContextOf(node);
    if (context.kind === 'once') return true;
    return context.kind === 'function' && this.runsOnce(context.fn, depth + 1);
  }

  private declarationOf(name: ts.Identifier): Declaration | undefined {
    return this.scopes.indexedDeclaration(name);
  }

  /**
   * The visible calls of a named function or method, or undefined when it has no name to be
   * called by (an anonymous callback is the per-call code itself).
   */
  private callersOf(fn: ts.SignatureDeclaration): ts.CallExpression[] | undefined {
    const name = functionNameNode(fn);
    if (name) {
      const declaration = this.declarationOf(name);
      if (!declaration) return [];
      return this.scopes.referencesTo(declaration).flatMap((reference) => isCallee(reference) ?? []);
    }
    const member = methodName(fn);
    if (member === undefined) return undefined;
    return [...(this.memberCalls.get(member) ?? [])];
  }

  /** True when the value of `expression` leaves `fn` as (part of) its return value. */
  isReturned(expression: ts.Expression, fn: ts.SignatureDeclaration, depth: number): boolean {
    let node: ts.Node = expression;
    for (;;) {
      const parent = node.parent;
      if (isReturnStatement(parent)) return true;
      if (isArrowFunction(parent)) return parent.body === node && parent === fn;
      if (isVariableDeclaration(parent) && parent.initializer === node && isIdentifier(parent.name)) {
        if (depth >= 2) return false;
        const declaration = this.declarationOf(parent.name);
        return declaration !== undefined && this.scopes.referencesTo(declaration).some((reference) => {
          if (!isWithin(reference, fn)) return false;
          // Captured by a closure that is returned: `const logger = pino(); return (req) => logger.info(req.url);`
          const closure = outermostFunctionWithin(reference, fn);
          if (closure) return this.isReturned(closureValue(closure), fn, depth + 1);
          return this.isReturned(reference, fn, depth + 1);
        });
      }
      // An object literal, an array or a constructed object holding the logger carries it out too.
      const carries = isPropertyAssignment(parent) || isShorthandPropertyAssignment(parent) || isSpreadAssignment(parent) ||
        isArrayLiteralExpression(parent) || isObjectLiteralExpression(parent) ||
        (isNewExpression(parent) && parent.arguments?.includes(node as ts.Expression) === true);
      if (carries || isTransparent(parent, node)) {
        node = parent;
        continue;
      }
      return false;
    }
  }

  /**
   * True when the value is stored in a place that outlives `container` behind a guard that makes
   * the construction run once: `this.x ??= make()`, `if (!cache.has(k)) cache.set(k, make())`,
   * `return x || (x = make())`, `if (x) return x; x = make();`.
   */
  isCachedOnce(site: ts.Expression, container: ts.Node): boolean {
    let node: ts.Node = site;
    for (;;) {
      const parent = node.parent;
      if (isTransparent(parent, node)) {
        node = parent;
        continue;
      }
      if (isBinaryExpression(parent) && parent.right === node) {
        const operator = parent.operatorToken.kind;
        if (operator === SyntaxKind.QuestionQuestionEqualsToken || operator === SyntaxKind.BarBarEqualsToken) {
          if (this.isLongLived(parent.left, container)) return true;
          return this.localIsCached(parent.left, site, container);
        }
        if (operator === SyntaxKind.EqualsToken) {
          if (this.isLongLived(parent.left, container)) return this.isGuarded(storeTexts(parent.left, this.text), [parent, site], container);
          if (isBinaryExpression(parent.parent) || isVariableDeclaration(parent.parent)) {
            node = parent;
            continue;
          }
          return this.localIsCached(parent.left, site, container);
        }
        return false;
      }
      if (isVariableDeclaration(parent) && parent.initializer === node) return this.localIsCached(parent.name, site, container);
      const store = mapStoreOf(parent, node);
      if (store) return this.isLongLived(store, container) && this.isGuarded(storeTexts(store, this.text), [parent, site], container);
      return false;
    }
  }

  /** A local that receives the logger counts as cached when it is then stored, under a guard, in a long-lived place. */
  private localIsCached(target: ts.Node, site: ts.Expression, container: ts.Node): boolean {
    if (!isIdentifier(target)) return false;
    const declaration = this.scopes.resolve(target) ?? this.declarationOf(target);
    if (!declaration) return false;
    for (const reference of this.scopes.referencesTo(declaration)) {
      if (!isWithin(reference, container)) continue;
      const outer = skipParenthesesUp(reference);
      const parent = outer.parent;
      let store: ts.Expression | undefined = mapStoreOf(parent, outer);
      let storeNode: ts.Node = parent;
      if (!store && isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
        store = parent.left;
        storeNode = parent;
      }
      if (!store || !this.isLongLived(store, container)) continue;
      const texts = [...storeTexts(store, this.text), target.text];
      if (this.isGuarded(texts, [storeNode, site], container)) return true;
    }
    return false;
  }

  /** True when the root of `target` (`this`, or a variable declared outside `container`) outlives one run of it. */
  isLongLived(target: ts.Expression, container: ts.Node): boolean {
    let root: ts.Expression = target;
    for (;;) {
      if (isPropertyAccessExpression(root) || isElementAccessExpression(root) || isParenthesizedExpression(root) || isNonNullExpression(root)) {
        root = root.expression;
      } else {
        break;
      }
    }
    if (root.kind === SyntaxKind.ThisKeyword) return true;
    if (!isIdentifier(root)) return false;
    const declaration = this.scopes.resolve(root);
    return declaration === undefined || !isWithin(declaration.scope, container);
  }

  /** True when a condition between `from` and `container` tests one of `texts` (the store) first. */
  private isGuarded(texts: string[], starts: ts.Node[], container: ts.Node): boolean {
    return starts.some((start) => {
      for (let current: ts.Node = start; current.parent && current !== container; current = current.parent) {
        const parent = current.parent;
        if (isIfStatement(parent) && parent.expression !== current && this.mentions(parent.expression, texts)) return true;
        if (isConditionalExpression(parent) && parent.condition !== current && this.mentions(parent.condition, texts)) return true;
        if (isBinaryExpression(parent) && parent.right === current && isShortCircuit(parent.operatorToken.kind) && this.mentions(parent.left, texts)) return true;
        if (isBlock(parent) || isSourceFile(parent) || isCaseClause(parent) || isDefaultClause(parent)) {
          for (const statement of parent.statements) {
            if (statement === current) break;
            if (isIfStatement(statement) && exits(statement.thenStatement) && this.mentions(statement.expression, texts)) return true;
          }
        }
      }
      return false;
    });
  }

  private mentions(expression: ts.Node, texts: string[]): boolean {
    const source = this.text.slice(expression.getStart(), expression.getEnd());
    return texts.some((text) => {
      for (let at = source.indexOf(text); at >= 0; at = source.indexOf(text, at + 1)) {
        const before = at > 0 ? source[at - 1] : ' ';
        const after = source[at + text.length] ?? ' ';
        if (!/[\w$.#]/.test(before) && !/[\w$]/.test(after)) return true;
      }
      return false;
    });
  }
}

/** The outermost function-like strictly inside `fn` that contains `node`. */
function outermostFunctionWithin(node: ts.Node, fn: ts.Node): ts.SignatureDeclaration | undefined {
  let found: ts.SignatureDeclaration | undefined;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionLike(current)) found = current;
  }
  return found;
}

/** The expression that carries a closure: the function itself, or the object literal a method belongs to. */
function closureValue(closure: ts.SignatureDeclaration): ts.Expression {
  if ((isMethodDeclaration(closure) || isAccessor(closure)) && isObjectLiteralExpression(closure.parent)) return closure.parent;
  return closure as unknown as ts.Expression;
}

/** Nodes a value passes through unchanged on its way to where it is stored or returned. */
function isTransparent(parent: ts.Node, child: ts.Node): boolean {
  if (isParenthesizedExpression(parent) || isAsExpression(parent) || isNonNullExpression(parent) ||
    isSatisfiesExpression(parent) || isTypeAssertionExpression(parent) || isAwaitExpression(parent)) {
    return true;
  }
  if (isConditionalExpression(parent)) return parent.condition !== child;
  if (isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    if (operator === SyntaxKind.CommaToken) return parent.right === child;
    return operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.AmpersandAmpersandToken;
  }
  return false;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.AmpersandAmpersandToken ||
    kind === SyntaxKind.BarBarEqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken;
}

/** `cache` for `cache.set(key, value)` when `value` is the child. */
function mapStoreOf(parent: ts.Node, child: ts.Node): ts.Expression | undefined {
  if (!isCallExpression(parent) || parent.arguments[1] !== child || !isPropertyAccessExpression(parent.expression)) return undefined;
  return parent.expression.name.text === 'set' ? parent.expression.expression : undefined;
}

/** The texts a guard may test for a store: `this.loggers[name]` is guarded by a test of `this.loggers` too. */
function storeTexts(store: ts.Expression, text: string): string[] {
  const texts = [text.slice(store.getStart(), store.getEnd())];
  if (isElementAccessExpression(store)) texts.push(text.slice(store.expression.getStart(), store.expression.getEnd()));
  return texts;
}

function exits(statement: ts.Statement): boolean {
  if (isReturnStatement(statement) || isThrowStatement(statement)) return true;
  if (isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && (isReturnStatement(last) || isThrowStatement(last));
  }
  return false;
}
