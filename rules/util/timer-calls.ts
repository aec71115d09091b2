import ts from 'typescript';
import { skipOuterWrappers, type ImportFacts, type UseKind } from '../../server/engine/facts';
import { isFunctionLike, isWithin } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getModifiers, isArrowFunction, isAsExpression, isBinaryExpression,
  isBlock, isCallExpression, isExpressionStatement, isFunctionDeclaration, isFunctionExpression,
  isIdentifier, isIfStatement, isNonNullExpression, isNumericLiteral, isParenthesizedExpression,
  isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyDeclaration,
  isReturnStatement, isSatisfiesExpression, isTypeAssertionExpression, isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

export type TimerFunction = 'setInterval' | 'setTimeout' | 'clearInterval' | 'clearTimeout';

const TIMER_FUNCTIONS = new Set<string>(['setInterval', 'setTimeout', 'clearInterval', 'clearTimeout']);

/**
 * Which timer function a call invokes. `setInterval` imported from `timers/promises` is an async
 * iterator that ends with its loop, not a timer handle, so it does not count.
 */
export function timerFunctionOf(call: ts.CallExpression, imports: ReadonlyMap<string, ImportFacts>): TimerFunction | undefined {
  const callee = call.expression;
  if (isIdentifier(callee)) {
    if (!TIMER_FUNCTIONS.has(callee.text)) return undefined;
    const imported = imports.get(callee.text);
    if (imported && /^(node:)?timers\/promises$/.test(imported.module)) return undefined;
    return callee.text as TimerFunction;
  }
  // `window.setInterval`, `timers.setInterval`, and hosts' own (`this.host.setInterval`, `RAL().timer.setInterval`).
  if (isPropertyAccessExpression(callee) && TIMER_FUNCTIONS.has(callee.name.text)) {
    const receiver = callee.expression;
    const imported = isIdentifier(receiver) ? imports.get(receiver.text) : undefined;
    if (imported && /^(node:)?timers\/promises$/.test(imported.module)) return undefined;
    return callee.name.text as TimerFunction;
  }
  return undefined;
}

const PLATFORM_RECEIVERS = new Set(['window', 'globalThis', 'global', 'self', 'timers']);

/** The platform's own timer (not a host wrapper that may hand back something else): fixes can call `clearInterval` on it. */
export function isPlatformTimer(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return isIdentifier(callee) ||
    (isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && PLATFORM_RECEIVERS.has(callee.expression.text));
}

/** Where a timer's handle goes. */
export type TimerHandle =
  | { kind: 'discarded'; statement: ts.ExpressionStatement; unref: boolean }
  /** `this.x = setInterval(…)`. */
  | { kind: 'this-field'; name: string; target: ts.PropertyAccessExpression; unref: boolean }
  /** `x = setInterval(…)` inside a class body: `timer = setInterval(…)` as a field initializer. */
  | { kind: 'field-initializer'; name: string; declaration: ts.PropertyDeclaration; unref: boolean }
  /** `x = setInterval(…)` or `const x = setInterval(…)`. */
  | { kind: 'identifier'; identifier: ts.Identifier; declaration: ts.VariableDeclaration | undefined; unref: boolean }
  | { kind: 'other' };

/** Follows `setInterval(…)` (and `setInterval(…).unref()`) out to where its value ends up. */
export function timerHandleOf(call: ts.CallExpression): TimerHandle {
  let outer = skipOuterWrappers(call);
  let unref = false;
  const access = outer.parent;
  if (isPropertyAccessExpression(access) && access.expression === outer && access.name.text === 'unref' &&
    isCallExpression(access.parent) && access.parent.expression === access) {
    unref = true;
    outer = skipOuterWrappers(access.parent);
  }
  const parent = outer.parent;
  if (isExpressionStatement(parent)) return { kind: 'discarded', statement: parent, unref };
  if (isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
    const left = skipInnerWrappers(parent.left);
    if (isPropertyAccessExpression(left) && left.expression.kind === SyntaxKind.ThisKeyword) {
      return { kind: 'this-field', name: left.name.text, target: left, unref };
    }
    if (isIdentifier(left)) return { kind: 'identifier', identifier: left, declaration: undefined, unref };
    return { kind: 'other' };
  }
  if (isVariableDeclaration(parent) && parent.initializer === outer && isIdentifier(parent.name)) {
    return { kind: 'identifier', identifier: parent.name, declaration: parent, unref };
  }
  if (isPropertyDeclaration(parent) && parent.initializer === outer && parent.name &&
    (isIdentifier(parent.name) || isPrivateIdentifier(parent.name))) {
    return { kind: 'field-initializer', name: parent.name.text, declaration: parent, unref };
  }
  return { kind: 'other' };
}

/** Looks through parentheses, `!`, `as` and `satisfies` down to the expression they wrap. */
export function skipInnerWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isParenthesizedExpression(current) || isNonNullExpression(current) || isAsExpression(current) ||
    isSatisfiesExpression(current) || isTypeAssertionExpression(current)) current = current.expression;
  return current;
}

/**
 * Whether a use of a stored handle may release the timer: it is cleared, handed to something
 * that can clear it, or closed (`timeout.close()` in Node clears it too; hosts' timers return disposables).
 */
export function mayReleaseTimer(use: { kind: UseKind; member?: string }): boolean {
  switch (use.kind) {
    case 'argument':
    case 'alias':
    case 'return':
    case 'iterate':
      return true;
    case 'call':
      return use.member === 'close' || use.member === 'dispose' || use.member === '[Symbol.dispose]' || use.member === 'destroy';
    default:
      return false;
  }
}

/**
 * Tells whether a function runs at most once per process: an IIFE at module level, a function
 * whose name is used nowhere but in calls made at load time (`function setup() {…} setup();`), or
 * one guarded by a module-level flag (`if (done) return; done = true;`, as bundlers wrap lazily
 * required modules). What such code starts is meant to live as long as the process.
 */
export class ModuleLoadAnalysis {
  private readonly callsByName = new Map<string, ts.CallExpression[]>();
  private readonly memo = new Map<ts.Node, boolean>();
  /** Regular-expression counts over the whole text, cached by pattern: each is a full scan. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly sourceFile: ts.SourceFile, calls: readonly ts.CallExpression[]) {
    for (const call of calls) {
      if (!isIdentifier(call.expression)) continue;
      const list = this.callsByName.get(call.expression.text);
      if (list) list.push(call);
      else this.callsByName.set(call.expression.text, [call]);
    }
  }

  /** True when `node` sits in code that runs only while the module loads (top level included). */
  runsOnlyAtLoad(node: ts.Node): boolean {
    const fn = nearestFunction(node);
    return fn === undefined || this.functionRunsOnlyAtLoad(fn, 0);
  }

  private functionRunsOnlyAtLoad(fn: ts.SignatureDeclaration, depth: number): boolean {
    const known = this.memo.get(fn);
    if (known !== undefined) return known;
    this.memo.set(fn, false);
    const result = depth < 8 && this.decide(fn, depth);
    this.memo.set(fn, result);
    return result;
  }

  private decide(fn: ts.SignatureDeclaration, depth: number): boolean {
    if ((isFunctionExpression(fn) || isArrowFunction(fn)) && isImmediatelyInvoked(fn)) {
      return this.runsAtLoadFrom(fn, depth);
    }
    if (this.hasOnceGuard(fn)) return true;
    const name = functionName(fn);
    if (name === undefined || isExported(fn)) return false;
    const calls = this.callsByName.get(name) ?? [];
    if (calls.length === 0) return false;
    // Every mention of the name other than its declaration must be one of these calls.
    const mentions = this.count(`(?<![\\w$.])${escapeName(name)}(?![\\w$])`);
    if (mentions !== calls.length + 1) return false;
    return calls.every((call) => !isWithin(call, fn) && this.runsAtLoadFrom(call, depth));
  }

  /** `if (flag) return …; flag = true;` at the top of the body, with `flag` assigned nowhere else. */
  private hasOnceGuard(fn: ts.SignatureDeclaration): boolean {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body || !isBlock(body) || body.statements.length < 2) return false;
    const [guard, set] = body.statements;
    if (!isIfStatement(guard) || guard.elseStatement || !isIdentifier(guard.expression)) return false;
    const exit = isBlock(guard.thenStatement) && guard.thenStatement.statements.length === 1 ? guard.thenStatement.statements[0] : guard.thenStatement;
    if (!isReturnStatement(exit)) return false;
    const flag = guard.expression.text;
    if (!isExpressionStatement(set) || !isBinaryExpression(set.expression) ||
      set.expression.operatorToken.kind !== SyntaxKind.EqualsToken || !isIdentifier(set.expression.left) ||
      set.expression.left.text !== flag || !isTruthyLiteral(set.expression.right)) return false;
    return this.count(`(?<![\\w$.])${escapeName(flag)}\\s*=(?!=)`) === 1;
  }

  private count(pattern: string): number {
    let count = this.counts.get(pattern);
    if (count === undefined) {
      count = this.sourceFile.text.match(new RegExp(pattern, 'g'))?.length ?? 0;
      this.counts.set(pattern, count);
    }
    return count;
  }

  private runsAtLoadFrom(node: ts.Node, depth: number): boolean {
    const outer = nearestFunction(node);
    return outer === undefined || this.functionRunsOnlyAtLoad(outer, depth + 1);
  }
}

function escapeName(name: string): string {
  return name.replace(/\$/g, '\\$');
}

function isTruthyLiteral(expression: ts.Expression): boolean {
  return expression.kind === SyntaxKind.TrueKeyword ||
    (isNumericLiteral(expression) && Number(expression.text) !== 0) ||
    (isPrefixUnaryExpression(expression) && expression.operator === SyntaxKind.ExclamationToken && isNumericLiteral(expression.operand) && Number(expression.operand.text) === 0);
}

function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if (isFunctionDeclaration(fn)) return fn.name?.text;
  if ((isFunctionExpression(fn) || isArrowFunction(fn)) && isVariableDeclaration(fn.parent) &&
    fn.parent.initializer === fn && isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

function isExported(fn: ts.SignatureDeclaration): boolean {
  const statement = isFunctionDeclaration(fn) ? fn : fn.parent?.parent?.parent;
  return statement !== undefined && canHaveModifiers(statement) &&
    (getModifiers(statement) ?? []).some((modifier) => modifier.kind === SyntaxKind.ExportKeyword);
}

function isImmediatelyInvoked(fn: ts.FunctionExpression | ts.ArrowFunction): boolean {
  const outer = skipOuterWrappers(fn);
  const parent = outer.parent;
  if (isCallExpression(parent) && parent.expression === outer) return true;
  // `(function () { … }).call(this)`
  return isPropertyAccessExpression(parent) && parent.expression === outer &&
    (parent.name.text === 'call' || parent.name.text === 'apply') &&
    isCallExpression(parent.parent) && parent.parent.expression === parent;
}

export function nearestFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** Test files: their process ends with the run, and a runaway timer there shows up as a hanging test, not a leak. */
export function isTestFile(filePath: string): boolean {
  const normalized = filePath.replace(/\\/g, '/');
  return /(^|\/)(__tests__|__mocks__|tests?|spec)\//.test(normalized) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(normalized);
}
