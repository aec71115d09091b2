import ts from 'typescript';
import type { Binding, ClassFacts } from '../../server/engine/facts';
import { dottedName } from './ast';
import { inlineCallOf } from './collection-calls';
import type { AddSite } from './collection-uses';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getDecorators, getModifiers, isArrowFunction, isCallExpression,
  isConstructorDeclaration, isFunctionExpression, isFunctionLike, isFunctionTypeNode, isIdentifier,
  isNewExpression, isPropertyAccessExpression, isSourceFile, isTypeReferenceNode,
  isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * One file cannot tell how long an instance lives. By default every instance field counts as
 * long-lived (the definition), except for a class this file visibly constructs per call
 * and never keeps. Objects made for one operation (a visitor, a builder, a per-file index) fill
 * their collections and are dropped whole, so with `requireLifetimeEvidence` the rule asks
 * for evidence that the object outlives a single operation. Module variables and static fields
 * live as long as the program and need none.
 */

/** Disposal methods: a class that has one expects to live until it is torn down. */
const DISPOSAL_METHODS = new Set([
  'dispose', 'close', 'destroy', 'stop', 'shutdown', 'teardown', 'ngOnDestroy', 'componentWillUnmount',
  'disconnectedCallback', '[Symbol.dispose]', '[Symbol.asyncDispose]',
]);
/** Calls that subscribe to something outside: made in the constructor, they keep the object in use. */
const SUBSCRIPTIONS = new Set(['on', 'once', 'addListener', 'addEventListener', 'subscribe', 'setInterval', 'watch', 'listen']);
const EMITTER_BASE = /(EventEmitter|EventTarget|Emitter)$/;
/** Parameter names of callbacks handed in by callers. */
const CALLBACK_NAME = /^(listener|callback|cb|handler|fn|func|hook|subscriber|observer)s?$|(Listener|Callback|Handler|Hook|Subscriber|Observer)$/;

function enclosingFunctionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && 'body' in current) return current as ts.SignatureDeclaration;
  }
  return undefined;
}

export class ClassLifetimes {
  private readonly subscribingConstructors = new Set<ts.Node>();
  private readonly classesMadeOnce = new Set<string>();
  /** Classes constructed inside a function into a local or a temporary: one object per call. */
  private readonly classesMadePerCall = new Set<string>();
  /** Classes constructed anywhere else: kept in a field, a module variable, returned. */
  private readonly classesKept = new Set<string>();

  /** Give it every `CallExpression` and `NewExpression`. */
  visit(node: ts.Node): void {
    if (isCallExpression(node)) {
      const name = isIdentifier(node.expression) ? node.expression.text
        : isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
      if (name === undefined || !SUBSCRIPTIONS.has(name)) return;
      const fn = enclosingFunctionOf(node);
      if (fn && isConstructorDeclaration(fn)) this.subscribingConstructors.add(fn);
    } else if (isNewExpression(node) && isIdentifier(node.expression)) {
      // `export const bus = new Bus()`, `static instance = new Bus()`: one object for the whole program.
      const fn = enclosingFunctionOf(node);
      if (fn === undefined) this.classesMadeOnce.add(node.expression.text);
      else if (isLocalTemporary(node) && !isConstructorDeclaration(fn)) this.classesMadePerCall.add(node.expression.text);
      else this.classesKept.add(node.expression.text);
    }
  }

  /** The class is constructed in this file only inside functions, into locals: its objects last one call. */
  madePerCall(binding: Binding): boolean {
    const name = binding.kind === 'instance-field' ? binding.classFacts?.name : undefined;
    return name !== undefined && this.classesMadePerCall.has(name) && !this.classesMadeOnce.has(name) && !this.classesKept.has(name);
  }

  /** The class says its objects outlive a single operation: lifecycle, decorator, emitter, made once, subscribing. */
  private classEvidence(classFacts: ClassFacts): boolean {
    const node = classFacts.node;
    if ([...classFacts.methods.keys()].some((name) => DISPOSAL_METHODS.has(name))) return true;
    if ((getDecorators(node) ?? []).length > 0) return true;
    if (classFacts.name !== undefined && this.classesMadeOnce.has(classFacts.name)) return true;
    const base = node.heritageClauses?.find((clause) => clause.token === SyntaxKind.ExtendsKeyword)?.types[0];
    if (base && EMITTER_BASE.test(dottedName(base.expression) ?? '')) return true;
    return classFacts.constructorDecl !== undefined && this.subscribingConstructors.has(classFacts.constructorDecl);
  }

  /**
   * True when the collection's object lives long enough to matter: always for module variables
   * and static fields; for instance fields when the class says so, or when entries arrive over
   * time (from a stored callback, an async method) or are callbacks handed in by callers.
   */
  outlivesOneOperation(binding: Binding, adds: readonly AddSite[]): boolean {
    if (binding.kind !== 'instance-field' || !binding.classFacts) return true;
    if (this.classEvidence(binding.classFacts)) return true;
    return adds.some((site) => addsOverTime(site) || storesCallerCallback(site));
  }
}

/** `const x = new C()` or `new C().run()` inside a function, as opposed to `this.x = new C()` or `return new C()`. */
function isLocalTemporary(node: ts.NewExpression): boolean {
  const parent = node.parent;
  if (isVariableDeclaration(parent)) return parent.initializer === node && !isSourceFile(parent.parent.parent.parent);
  return isPropertyAccessExpression(parent) && parent.expression === node;
}

function isAsync(fn: ts.SignatureDeclaration): boolean {
  return canHaveModifiers(fn) && (getModifiers(fn) ?? []).some((modifier) => modifier.kind === SyntaxKind.AsyncKeyword);
}

/** Added from a callback kept for later (an event handler, a timer, a `.then`) or an async function. */
function addsOverTime(site: AddSite): boolean {
  const fn = site.use.fn;
  if (!fn) return false;
  if (isAsync(fn)) return true;
  return (isArrowFunction(fn) || isFunctionExpression(fn)) && inlineCallOf(fn) === undefined;
}

/** `this.listeners.push(listener)`: the entry is a callback that a caller registered. */
function storesCallerCallback(site: AddSite): boolean {
  const call = site.use.call;
  if (!call || !isCallExpression(call)) return false;
  const value = call.arguments[site.use.member === 'set' ? 1 : 0];
  if (!value || !isIdentifier(value)) return false;
  const fn = site.use.fn;
  const parameter = fn?.parameters.find((p) => isIdentifier(p.name) && p.name.text === value.text);
  if (!parameter) return false;
  const type = parameter.type;
  if (type && (isFunctionTypeNode(type) || (isTypeReferenceNode(type) && isIdentifier(type.typeName) && type.typeName.text === 'Function'))) {
    return true;
  }
  return CALLBACK_NAME.test(value.text);
}
