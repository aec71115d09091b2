import ts from 'typescript';
import type { Binding, FileFacts } from '../../server/engine/facts';
import { dottedName, isFunctionLike, isWithin } from './ast';
import { findDisposalMethod, thisClassAt, type DisposalMethod, type ThisMemberIndex } from './dispose';
import { rootOf } from './listener-calls';
import type { DeclarationIndex } from './listener-scope';
import { skipInnerWrappers } from './timer-calls';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrayLiteralExpression, isAwaitExpression, isBinaryExpression, isCallExpression,
  isClassExpression, isClassLike, isConstructorDeclaration, isFunctionDeclaration, isIdentifier,
  isNewExpression, isObjectLiteralExpression, isParameterPropertyDeclaration, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyDeclaration,
} = ts;

export const DEFAULT_REGISTRARS: readonly string[] = [
  'subscriptions.push',
  'subscriptions.add',
  '_register',
  'disposables.push',
  'disposables.add',
  '_disposables.push',
  '_disposables.add',
  'toDispose.push',
  '_toDispose.push',
  'store.add',
  '_store.add',
  'subscription.add',
  '_subscription.add',
];

/** Globals that live as long as the page or the process. */
const GLOBAL_TARGETS = new Set(['window', 'document', 'globalThis', 'process']);

/** Hooks that start a component's life: a class with one has a lifecycle even without a disposal method. */
const MOUNT_HOOKS = ['ngOnInit', 'ngAfterViewInit', 'ngOnChanges', 'componentDidMount', 'connectedCallback'];

/** Why a listener's target outlives the code that adds the listener. */
export type TargetLifetime =
  | { kind: 'global'; name: string }
  | { kind: 'module'; binding: Binding }
  | { kind: 'import'; name: string }
  /** `this.<field>…`: as long as the object, and longer when the field holds something given to it. */
  | { kind: 'field'; classNode: ts.ClassLikeDeclaration; field: string };

export interface LifetimeContext {
  facts: FileFacts;
  declarations: DeclarationIndex;
  members: ThisMemberIndex;
}

/** The first member name in `this.a.b`: `a`. */
function firstThisMember(expression: ts.Expression): string | undefined {
  let current = skipInnerWrappers(expression);
  let name: string | undefined;
  while (isPropertyAccessExpression(current)) {
    name = current.name.text;
    current = skipInnerWrappers(current.expression);
  }
  return current.kind === SyntaxKind.ThisKeyword ? name : undefined;
}

/**
 * How long the receiver of a listener call lives, when it visibly outlives the call; undefined for
 * parameters, locals and anything we cannot place (their lifetime ends with the caller's).
 */
export function targetLifetime(receiver: ts.Expression, at: ts.Node, context: LifetimeContext): TargetLifetime | undefined {
  const root = rootOf(receiver);
  if (!root) return undefined;
  if (root.kind === SyntaxKind.ThisKeyword) {
    const field = firstThisMember(receiver);
    const owner = thisClassAt(at);
    if (field === undefined || !owner || owner.isStatic) return undefined;
    return { kind: 'field', classNode: owner.classNode, field };
  }
  const name = (root as ts.Identifier).text;
  if (context.declarations.isLocalAt(name, at)) return undefined;
  const imported = context.facts.imports.get(name);
  if (GLOBAL_TARGETS.has(name)) {
    const redeclared = context.declarations.moduleLevel(name).length > 0 && !(imported && /^(node:)?process$/.test(imported.module));
    if (!redeclared) return { kind: 'global', name };
  }
  const binding = context.facts.moduleBindings.get(name);
  if (binding) return { kind: 'module', binding };
  // `events.on(emitter, name)` is an async iterator over an emitter, not a listener on the module.
  if (imported && !/^(node:)?events$/.test(imported.module)) return { kind: 'import', name };
  return undefined;
}

function isCreation(expression: ts.Expression): boolean {
  let inner = skipInnerWrappers(expression);
  if (isAwaitExpression(inner)) inner = skipInnerWrappers(inner.expression);
  return isNewExpression(inner) || isCallExpression(inner) || isObjectLiteralExpression(inner) ||
    isArrayLiteralExpression(inner) || isClassExpression(inner);
}

/**
 * True when a field holds an object that comes from outside the class: a constructor parameter
 * property, a value given to a method or the constructor, a module-level or global object, or a
 * field nobody in the class assigns (a framework injects it). Fields the class fills with what it
 * creates itself (`this.socket = net.connect(…)`, a local made in the same method, a callback's
 * result) live and die with the object, so a listener on them cannot keep the object alive.
 */
export function fieldHoldsOutsideObject(classNode: ts.ClassLikeDeclaration, field: string, context: LifetimeContext): boolean {
  const values: ts.Expression[] = [];
  for (const member of classNode.members) {
    if (isConstructorDeclaration(member)) {
      const isParameterProperty = member.parameters.some((parameter) =>
        isParameterPropertyDeclaration(parameter, member) && isIdentifier(parameter.name) && parameter.name.text === field);
      if (isParameterProperty) return true;
    }
    if (isPropertyDeclaration(member) && member.name && (isIdentifier(member.name) || isPrivateIdentifier(member.name)) &&
      member.name.text === field && member.initializer) values.push(member.initializer);
  }
  for (const use of context.members.usesOf(classNode, field)) {
    if (use.kind === 'assign' && isBinaryExpression(use.context)) values.push(use.context.right);
  }
  if (values.length === 0) return true;
  return values.some((value) => comesFromOutside(value, classNode, context));
}

function comesFromOutside(value: ts.Expression, classNode: ts.ClassLikeDeclaration, context: LifetimeContext): boolean {
  const inner = skipInnerWrappers(value);
  if (isCreation(inner) || inner.kind === SyntaxKind.NullKeyword) return false;
  const root = rootOf(inner);
  if (!root || root.kind === SyntaxKind.ThisKeyword) return false;
  const name = (root as ts.Identifier).text;
  if (name === 'undefined') return false;
  for (let current: ts.Node | undefined = inner.parent; current && current !== classNode; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    if (current.parameters.some((parameter) => isIdentifier(parameter.name) && parameter.name.text === name)) {
      // Given to the constructor or a method from outside; a nested callback's parameter is the class's own doing.
      return current.parent === classNode;
    }
    if (context.declarations.declaredWithin(name, current)) return false;
  }
  return true;
}

/** True when a module variable is reassigned after its declaration: a replaceable handle, not one long-lived object. */
export function isReassigned(binding: Binding): boolean {
  return binding.uses.some((use) => use.kind === 'assign' && !use.inInitializer);
}

/** Signs that objects of this class come and go: a disposal method, a mount hook, or disposables registered with it. */
export function classLifecycle(
  classNode: ts.ClassLikeDeclaration,
  disposeMethods: readonly string[],
): { disposal: DisposalMethod | undefined; hasLifecycle: boolean } {
  const disposal = findDisposalMethod(classNode, disposeMethods);
  if (disposal) return { disposal, hasLifecycle: true };
  const hasMountHook = classNode.members.some((member) =>
    member.name !== undefined && isIdentifier(member.name) && MOUNT_HOOKS.includes(member.name.text));
  return { disposal: undefined, hasLifecycle: hasMountHook };
}

/** The class a node belongs to: the one whose `this` it sees, else the nearest one around it. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  const owner = thisClassAt(node);
  if (owner) return owner.isStatic ? undefined : owner.classNode;
  for (let current = node.parent; current; current = current.parent) {
    if (isClassLike(current)) return current;
  }
  return undefined;
}

const lastSegmentsByList = new WeakMap<readonly string[], Set<string>>();

function lastSegmentsOf(names: readonly string[]): Set<string> {
  let segments = lastSegmentsByList.get(names);
  if (!segments) {
    segments = new Set(names.map((name) => name.slice(name.lastIndexOf('.') + 1)));
    lastSegmentsByList.set(names, segments);
  }
  return segments;
}

/** `registrar` matches a callee whose dotted name is it or ends with `.` + it. */
export function matchesCallee(call: ts.CallExpression, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  // Most calls end in a name no entry ends with: tell that before building the dotted name.
  const expression = call.expression;
  const last = isIdentifier(expression) ? expression.text : isPropertyAccessExpression(expression) ? expression.name.text : undefined;
  if (last !== undefined && !lastSegmentsOf(names).has(last)) return undefined;
  const callee = dottedName(call.expression);
  if (callee === undefined) return undefined;
  return names.some((name) => callee === name || callee.endsWith(`.${name}`)) ? callee : undefined;
}

/**
 * A registrar that code at `at` can hand a disposable to: one the same class already uses through
 * `this`, one on a parameter or local of an enclosing function, a module-level one, or the
 * `subscriptions` of a VS Code `ExtensionContext` parameter.
 */
export function registrarInScope(
  at: ts.Node,
  registrarCalls: readonly ts.CallExpression[],
  registrars: readonly string[],
  context: LifetimeContext,
  sourceFile: ts.SourceFile,
): string | undefined {
  const owner = thisClassAt(at);
  for (const call of registrarCalls) {
    const callee = matchesCallee(call, registrars);
    const root = rootOf(call.expression);
    if (!callee || !root) continue;
    if (root.kind === SyntaxKind.ThisKeyword) {
      const callOwner = thisClassAt(call);
      if (owner && !owner.isStatic && callOwner?.classNode === owner.classNode) return callee;
      continue;
    }
    const name = (root as ts.Identifier).text;
    if (context.facts.moduleBindings.has(name) && !context.declarations.isLocalAt(name, at)) return callee;
    for (let current: ts.Node | undefined = at.parent; current; current = current.parent) {
      if (!isFunctionLike(current)) continue;
      if (isWithin(call, current) && context.declarations.declaredWithin(name, current)) return callee;
    }
  }
  for (let current: ts.Node | undefined = at.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    for (const parameter of current.parameters) {
      if (!isIdentifier(parameter.name)) continue;
      const type = parameter.type?.getText(sourceFile) ?? '';
      const isExtensionContext = /ExtensionContext$/.test(type) ||
        (parameter.name.text === 'context' && isFunctionDeclaration(current) && current.name?.text === 'activate');
      if (isExtensionContext) return `${parameter.name.text}.subscriptions.push`;
    }
  }
  return undefined;
}
