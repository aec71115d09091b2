import ts from 'typescript';
import { skipOuterWrappers } from '../../server/engine/facts';
import { dottedName } from './ast';
import { skipInnerWrappers } from './timer-calls';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrowFunction, isCallExpression, isElementAccessExpression, isExpressionStatement,
  isFunctionExpression, isIdentifier, isNumericLiteral, isObjectLiteralExpression,
  isPropertyAccessExpression, isPropertyAssignment, isSpreadAssignment, isStringLiteral,
  isStringLiteralLike, isVoidExpression,
} = ts;

/** Methods that add a listener, with the method that removes it. */
export const ADD_METHODS: ReadonlyMap<string, string> = new Map([
  ['addEventListener', 'removeEventListener'],
  ['on', 'off'],
  ['addListener', 'removeListener'],
  ['prependListener', 'removeListener'],
]);

const REMOVE_METHODS = new Set(['removeEventListener', 'off', 'removeListener', 'removeAllListeners']);

/** Calls on a target that end its life, taking its listeners with it. */
const RELEASE_METHODS = new Set(['close', 'destroy', 'dispose', 'end', 'terminate', 'kill', 'disconnect', 'abort', 'removeAllListeners']);

/** RxJS operators that complete the source, ending the subscription by themselves. */
const COMPLETING_OPERATORS = new Set([
  'takeUntil', 'take', 'first', 'takeWhile', 'takeUntilDestroyed', 'untilDestroyed', 'single', 'find', 'findIndex',
  'elementAt', 'last', 'takeLast', 'timeout',
]);

/** Observable sources that complete on their own: one value (or a fixed list) and done. */
const COMPLETING_SOURCES = new Set(['of', 'from', 'forkJoin', 'timer', 'throwError', 'defer', 'firstValueFrom', 'lastValueFrom']);

/** The names of `window`, `globalThis` and `self` all lead to one global object. */
export function targetKey(receiver: ts.Expression): string | undefined {
  const name = dottedName(skipInnerWrappers(receiver));
  if (name === undefined) return undefined;
  const normalized = name.replace(/^(window|globalThis)\./, '');
  return normalized === 'globalThis' ? 'window' : normalized;
}

/** `'resize'` for a literal, the source text for an expression, undefined when there is no event argument. */
export function eventKey(argument: ts.Expression | undefined, sourceFile: ts.SourceFile): string | undefined {
  if (!argument) return undefined;
  const inner = skipInnerWrappers(argument);
  if (isStringLiteralLike(inner)) return `'${inner.text}'`;
  return inner.getText(sourceFile);
}

export interface ListenerAdd {
  call: ts.CallExpression;
  method: string;
  remover: string;
  receiver: ts.Expression;
  target: string;
  event: ts.Expression | undefined;
  handler: ts.Expression | undefined;
  options: ts.Expression | undefined;
}

export interface ListenerRemove {
  call: ts.CallExpression;
  target: string;
  /** Undefined: every event (`removeAllListeners()`) or an event we cannot name. */
  event: string | undefined;
  /** True when the call names no handler, so it removes inline ones too. */
  removesAll: boolean;
}

function memberCall(call: ts.CallExpression): { receiver: ts.Expression; name: string } | undefined {
  const callee = call.expression;
  if (isPropertyAccessExpression(callee)) return { receiver: callee.expression, name: callee.name.text };
  return undefined;
}

export function asListenerAdd(call: ts.CallExpression): ListenerAdd | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  const remover = ADD_METHODS.get(member.name);
  const target = remover && targetKey(member.receiver);
  if (!remover || target === undefined) return undefined;
  return {
    call,
    method: member.name,
    remover,
    receiver: member.receiver,
    target,
    event: call.arguments[0],
    handler: call.arguments[1],
    options: call.arguments[2],
  };
}

export function asListenerRemove(call: ts.CallExpression, sourceFile: ts.SourceFile): ListenerRemove | undefined {
  const member = memberCall(call);
  if (!member || !REMOVE_METHODS.has(member.name)) return undefined;
  const target = targetKey(member.receiver);
  if (target === undefined) return undefined;
  const event = call.arguments[0];
  const dynamic = event !== undefined && !isStringLiteralLike(skipInnerWrappers(event)) && !isPropertyAccessExpression(skipInnerWrappers(event));
  return {
    call,
    target,
    event: dynamic ? undefined : eventKey(event, sourceFile),
    removesAll: member.name === 'removeAllListeners' || call.arguments.length <= 1,
  };
}

/** `target.close()`, `target.destroy()`…: the target ends, so its listeners go with it. */
export function releasedTarget(call: ts.CallExpression): string | undefined {
  const member = memberCall(call);
  if (!member || !RELEASE_METHODS.has(member.name)) return undefined;
  if (member.name === 'removeAllListeners' && call.arguments.length > 0) return undefined;
  return targetKey(member.receiver);
}

/** `{ once: true }` or `{ signal }`: the platform removes the listener by itself. */
export function removesItself(options: ts.Expression | undefined): 'yes' | 'no' | 'unknown' {
  if (!options) return 'no';
  const inner = skipInnerWrappers(options);
  if (inner.kind === SyntaxKind.TrueKeyword || inner.kind === SyntaxKind.FalseKeyword) return 'no';
  if (!isObjectLiteralExpression(inner)) return 'unknown';
  for (const property of inner.properties) {
    if (isSpreadAssignment(property)) return 'unknown';
    const name = property.name && (isIdentifier(property.name) || isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name === 'signal') return 'yes';
    if (name === 'once' && isPropertyAssignment(property) && property.initializer.kind !== SyntaxKind.FalseKeyword) return 'yes';
  }
  return 'no';
}

/** `true` or `{ capture: true }`: removeEventListener must be given the same flag. */
export function usesCapture(options: ts.Expression | undefined): boolean {
  if (!options) return false;
  const inner = skipInnerWrappers(options);
  if (inner.kind === SyntaxKind.TrueKeyword) return true;
  return isObjectLiteralExpression(inner) && inner.properties.some((property) =>
    isPropertyAssignment(property) && isIdentifier(property.name) && property.name.text === 'capture' &&
    property.initializer.kind === SyntaxKind.TrueKeyword);
}

export type HandlerShape =
  | { kind: 'inline' }
  /** An identifier or `this.method`: the same reference can be passed to the remove call. */
  | { kind: 'named'; expression: ts.Identifier | ts.PropertyAccessExpression }
  | { kind: 'other' };

export function handlerShape(handler: ts.Expression | undefined): HandlerShape {
  if (!handler) return { kind: 'other' };
  const inner = skipInnerWrappers(handler);
  if (isArrowFunction(inner) || isFunctionExpression(inner)) return { kind: 'inline' };
  // `this.onResize.bind(this)` makes a new function each time: it cannot be removed either.
  if (isCallExpression(inner) && isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') return { kind: 'inline' };
  if (isIdentifier(inner)) return { kind: 'named', expression: inner };
  if (isPropertyAccessExpression(inner) && inner.expression.kind === SyntaxKind.ThisKeyword) return { kind: 'named', expression: inner };
  return { kind: 'other' };
}

/** Where a call's result goes: thrown away, or kept in some way. */
export function isResultDiscarded(call: ts.CallExpression): boolean {
  const outer = skipOuterWrappers(call);
  const parent = outer.parent;
  return isExpressionStatement(parent) || isVoidExpression(parent);
}

export interface SubscriptionCall {
  call: ts.CallExpression;
  /** `event`: a VS Code style `onDidX(listener)` returning a disposable; `subscribe`: RxJS and stores. */
  kind: 'event' | 'subscribe';
  member: string;
  receiver: ts.Expression;
}

const EVENT_MEMBER = /^on[A-Z]/;
const SURELY_EVENT_MEMBER = /^on(Did|Will)[A-Z]/;

function isListenerArgument(argument: ts.Expression | undefined, member: string): boolean {
  if (!argument) return false;
  const inner = skipInnerWrappers(argument);
  if (isArrowFunction(inner) || isFunctionExpression(inner)) return true;
  if (isCallExpression(inner) && isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') return true;
  if (isPropertyAccessExpression(inner) && inner.expression.kind === SyntaxKind.ThisKeyword) return SURELY_EVENT_MEMBER.test(member);
  return isIdentifier(inner) && SURELY_EVENT_MEMBER.test(member);
}

function isNullish(expression: ts.Expression): boolean {
  const inner = skipInnerWrappers(expression);
  return inner.kind === SyntaxKind.NullKeyword || (isIdentifier(inner) && inner.text === 'undefined');
}

/**
 * `x.onDidChange(listener)` (a member named `on` + capital letter, given a function: calling a
 * callback prop such as `props.onChange(value)` hands it data, not a function) and
 * `x.subscribe(…)`.
 */
export function asSubscription(call: ts.CallExpression): SubscriptionCall | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  if (member.name === 'subscribe') return { call, kind: 'subscribe', member: member.name, receiver: member.receiver };
  if (!EVENT_MEMBER.test(member.name) || !isListenerArgument(call.arguments[0], member.name)) return undefined;
  // The third parameter of a VS Code event is a disposables array that the subscription joins.
  const store = call.arguments[2];
  if (store && !isNullish(store)) return undefined;
  return { call, kind: 'event', member: member.name, receiver: member.receiver };
}

/**
 * An observable chain that ends by itself: a completing operator in a `pipe(…)` on the way
 * (`takeUntil`, `take(1)`, `first()`…), a source that completes (`of`, `from`, HTTP calls).
 */
export function completesByItself(receiver: ts.Expression): boolean {
  let current: ts.Expression = skipInnerWrappers(receiver);
  for (let depth = 0; depth < 50; depth++) {
    if (isCallExpression(current)) {
      const callee = skipInnerWrappers(current.expression);
      const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name === 'pipe' && current.arguments.some(isCompletingOperator)) return true;
      if (isIdentifier(callee) && name !== undefined && COMPLETING_SOURCES.has(name)) return true;
      if (isPropertyAccessExpression(callee) && /(^|\.)(http|httpClient|_http|\$http|client)$/i.test(dottedName(callee.expression) ?? '') &&
        /^(get|post|put|patch|delete|head|options|request|jsonp)$/.test(callee.name.text)) return true;
      current = isPropertyAccessExpression(callee) ? skipInnerWrappers(callee.expression) : callee;
      continue;
    }
    if (isPropertyAccessExpression(current)) {
      current = skipInnerWrappers(current.expression);
      continue;
    }
    return false;
  }
  return false;
}

function isCompletingOperator(argument: ts.Expression): boolean {
  const inner = skipInnerWrappers(argument);
  if (!isCallExpression(inner)) return false;
  const callee = skipInnerWrappers(inner.expression);
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && COMPLETING_OPERATORS.has(name);
}

/** `setMaxListeners(0)`, `emitter.setMaxListeners(Infinity)`, `events.setMaxListeners(0, target)`. */
export function isUnlimitedMaxListeners(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'setMaxListeners') return false;
  const argument = call.arguments[0] && skipInnerWrappers(call.arguments[0]);
  if (!argument) return false;
  if (isNumericLiteral(argument)) return Number(argument.text) === 0;
  if (isIdentifier(argument)) return argument.text === 'Infinity';
  return isPropertyAccessExpression(argument) && dottedName(argument) === 'Number.POSITIVE_INFINITY';
}

/** The identifier a dotted expression starts with (`a` in `a.b.c`), or `this`. */
export function rootOf(expression: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let current = skipInnerWrappers(expression);
  for (;;) {
    if (isIdentifier(current)) return current;
    if (current.kind === SyntaxKind.ThisKeyword) return current as ts.ThisExpression;
    if (isPropertyAccessExpression(current) || isElementAccessExpression(current) || isCallExpression(current)) {
      current = skipInnerWrappers(current.expression);
      continue;
    }
    return undefined;
  }
}
