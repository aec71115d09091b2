import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { defineRule, type Fix, type RuleContext } from '../server/engine/rule';
import { dottedName, enclosingFunction, isWithin } from './util/ast';
import { DEFAULT_DISPOSE_METHODS, disposeMethodsSchema, thisClassAt, ThisMemberIndex } from './util/dispose';
import {
  asListenerAdd,
  asListenerRemove,
  asSubscription,
  completesByItself,
  handlerShape,
  isResultDiscarded,
  isUnlimitedMaxListeners,
  releasedTarget,
  removesItself,
  rootOf,
  type ListenerAdd,
  type ListenerRemove,
  type SubscriptionCall,
} from './util/listener-calls';
import { effectCleanupFix, registerFix, removeCallText, removeOnDisposeFix } from './util/listener-fixes';
import {
  classLifecycle,
  DEFAULT_REGISTRARS,
  enclosingClass,
  fieldHoldsOutsideObject,
  isReassigned,
  matchesCallee,
  registrarInScope,
  targetLifetime,
  type LifetimeContext,
  type TargetLifetime,
} from './util/listener-lifetime';
import { DeclarationIndex } from './util/listener-scope';
import { effectCleanup, enclosingEffect, type EffectCallback } from './util/react';
import { ModuleLoadAnalysis, skipInnerWrappers } from './util/timer-calls';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { SyntaxKind, isBinaryExpression, isIdentifier, isPropertyAccessExpression, isStringLiteralLike } = ts;

interface ListenerOptions {
  disposeMethods: string[];
  registrars: string[];
  cleanupFunctions: string[];
  checkPublic: boolean;
}

const DECLARATION_KINDS = [
  SyntaxKind.VariableDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
];

export default defineRule<ListenerOptions>({
  meta: {
    id: 'unremoved-listener',
    description: 'A listener or subscription is added to an object that outlives the code adding it, and is never removed.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('unremoved-listener'),
    fixable: true,
    hasSuggestions: false,
    optionsSchema: {
      type: 'object',
      properties: {
        disposeMethods: disposeMethodsSchema,
        registrars: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Calls that take ownership of a disposable and dispose it later, by the end of their dotted name (`_register` matches `this._register(…)`).',
          default: [...DEFAULT_REGISTRARS],
        },
        cleanupFunctions: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Your own cleanup helpers: a call to one counts as removing every listener, handler or subscription it is given.',
          default: [],
        },
        checkPublic: {
          type: 'boolean',
          description: 'Also check subscriptions kept in public fields, which code elsewhere may dispose.',
          default: false,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: {
      disposeMethods: [...DEFAULT_DISPOSE_METHODS],
      registrars: [...DEFAULT_REGISTRARS],
      cleanupFunctions: [],
      checkPublic: false,
    },
    stories: [5],
    usesFacts: true,
  },
  create(context) {
    const calls: ts.CallExpression[] = [];
    const returns: ts.ReturnStatement[] = [];
    const members = new ThisMemberIndex();
    const declarations = new DeclarationIndex();
    const visitor: Record<number, (node: ts.Node) => void> = {
      [SyntaxKind.CallExpression]: (node) => calls.push(node as ts.CallExpression),
      [SyntaxKind.ReturnStatement]: (node) => returns.push(node as ts.ReturnStatement),
      [SyntaxKind.PropertyAccessExpression]: (node) => members.visit(node as ts.PropertyAccessExpression),
    };
    for (const kind of DECLARATION_KINDS) visitor[kind] = (node) => declarations.visit(node);
    return {
      ...visitor,
      fileEnd() {
        new ListenerChecker(context, calls, returns, { facts: context.facts, members, declarations }).run();
      },
    };
  },
});

interface EffectFinding {
  add: ListenerAdd;
  message: string;
}

class ListenerChecker {
  private readonly adds: ListenerAdd[] = [];
  private readonly removes: ListenerRemove[] = [];
  private readonly released: Array<{ call: ts.CallExpression; target: string }> = [];
  private readonly subscriptions: SubscriptionCall[] = [];
  private readonly registrarCalls: ts.CallExpression[] = [];
  private readonly cleanupCalls: ts.CallExpression[] = [];
  private readonly effectFindings = new Map<EffectCallback, EffectFinding[]>();
  private readonly moduleLoad: ModuleLoadAnalysis;

  constructor(
    private readonly context: RuleContext<ListenerOptions>,
    private readonly calls: readonly ts.CallExpression[],
    private readonly returns: readonly ts.ReturnStatement[],
    private readonly scope: LifetimeContext,
  ) {
    this.moduleLoad = new ModuleLoadAnalysis(context.sourceFile, calls);
  }

  run(): void {
    const { sourceFile, options } = this.context;
    for (const call of this.calls) {
      if (isUnlimitedMaxListeners(call)) this.reportMaxListeners(call);
      const add = asListenerAdd(call);
      if (add) this.adds.push(add);
      const remove = asListenerRemove(call, sourceFile);
      if (remove) this.removes.push(remove);
      const target = releasedTarget(call);
      if (target !== undefined) this.released.push({ call, target });
      const subscription = asSubscription(call);
      if (subscription) this.subscriptions.push(subscription);
      if (matchesCallee(call, options.registrars)) this.registrarCalls.push(call);
      if (matchesCallee(call, options.cleanupFunctions) || isPlainCall(call, options.cleanupFunctions)) this.cleanupCalls.push(call);
    }
    for (const add of this.adds) this.checkAdd(add);
    for (const subscription of this.subscriptions) this.checkSubscription(subscription);
    this.reportEffectFindings();
  }

  private reportMaxListeners(call: ts.CallExpression): void {
    const value = call.arguments[0].getText(this.context.sourceFile);
    this.context.report({
      node: call.expression,
      message: `setMaxListeners(${value}) turns off the warning Node prints when listeners pile up on an emitter (MaxListenersExceededWarning), so a real listener leak goes unnoticed; set a finite limit that fits the listeners you expect.`,
    });
  }

  /** Inside a function that can run many times (not module top level, not a module-level IIFE). */
  private runsRepeatedly(node: ts.Node): boolean {
    return !this.moduleLoad.runsOnlyAtLoad(node);
  }

  private checkAdd(add: ListenerAdd): void {
    if (!isResultDiscarded(add.call)) return;
    if (removesItself(add.options) !== 'no') return;
    if (!this.runsRepeatedly(add.call)) return;
    const effect = enclosingEffect(add.call);
    if (effect) {
      this.checkEffectAdd(add, effect);
      return;
    }
    const lifetime = targetLifetime(add.receiver, add.call, this.scope);
    if (!lifetime) return;
    const handler = handlerShape(add.handler);
    const classNode = lifetime.kind === 'field' ? lifetime.classNode : undefined;
    if (lifetime.kind === 'field') {
      if (!classLifecycle(lifetime.classNode, this.context.options.disposeMethods).hasLifecycle) return;
      if (!fieldHoldsOutsideObject(lifetime.classNode, lifetime.field, this.scope)) return;
    }
    // Process-wide handlers belong to bootstrap code (a CLI's main, a server's session), run once per process,
    // unless they are added by objects that have an end of life.
    if (lifetime.kind === 'global' && lifetime.name === 'process') {
      const owner = enclosingClass(add.call);
      if (!owner || !classLifecycle(owner, this.context.options.disposeMethods).hasLifecycle) return;
    }
    if (lifetime.kind === 'module' && isReassigned(lifetime.binding)) return;
    if (this.isReleased(add.target, classNode)) return;
    if (this.hasMatchingRemove(add, handler.kind === 'inline', classNode)) return;
    if (this.isCleanedUpByHelper(add.receiver, add.handler)) return;
    this.context.report({
      node: add.call.expression,
      message: this.addMessage(add, lifetime, handler.kind === 'inline'),
      fix: this.removeOnDispose(add),
    });
  }

  private addMessage(add: ListenerAdd, lifetime: TargetLifetime, inline: boolean): string {
    const event = add.event ? add.event.getText(this.context.sourceFile) : 'an event';
    const target = add.receiver.getText(this.context.sourceFile);
    const scope = lifetime.kind === 'field' ? 'class' : 'file';
    let message = `A listener for ${event} is added to ${target} here and never removed (no ${add.remover}(${event}, …) in this ${scope}): ` +
      `${target} outlives this call, so each call adds another listener and keeps its closure alive.`;
    if (inline) {
      message += add.method === 'addEventListener'
        ? ' The handler is an inline function, so it can never be removed: keep it in a named function or method, or pass { signal }.'
        : ' The handler is an inline function, so it can never be removed: keep it in a named function or method.';
    }
    return message;
  }

  /** In a class with a disposal method, a named handler can be removed there. */
  private removeOnDispose(add: ListenerAdd): Fix | undefined {
    const owner = thisClassAt(add.call);
    const handler = handlerShape(add.handler);
    if (!owner || owner.isStatic || handler.kind !== 'named' || !add.event) return undefined;
    const { disposal } = classLifecycle(owner.classNode, this.context.options.disposeMethods);
    if (!disposal?.body || isWithin(add.call, disposal.node)) return undefined;
    if (isIdentifier(handler.expression) && !this.isVisibleEverywhere(handler.expression.text, add.call)) return undefined;
    const { text, sourceFile } = this.context;
    return removeOnDisposeFix(text, sourceFile, disposal, removeCallText(add, handler.expression, sourceFile));
  }

  /** A module-level name that no local shadows at `at`: the disposal method sees the same thing. */
  private isVisibleEverywhere(name: string, at: ts.Node): boolean {
    return !this.scope.declarations.isLocalAt(name, at) &&
      (this.scope.declarations.moduleLevel(name).length > 0 || this.scope.facts.imports.has(name));
  }

  private isReleased(target: string, classNode: ts.ClassLikeDeclaration | undefined): boolean {
    return this.released.some((release) => release.target === target && this.inScope(release.call, classNode));
  }

  private inScope(node: ts.Node, classNode: ts.ClassLikeDeclaration | undefined): boolean {
    if (!classNode) return true;
    const owner = thisClassAt(node);
    return owner !== undefined && !owner.isStatic && owner.classNode === classNode;
  }

  private hasMatchingRemove(add: ListenerAdd, inline: boolean, classNode: ts.ClassLikeDeclaration | undefined, within?: ts.Node): boolean {
    const event = add.event && isStringLiteralLike(skipInnerWrappers(add.event)) ? `'${(skipInnerWrappers(add.event) as ts.StringLiteralLike).text}'` : undefined;
    return this.removes.some((remove) => {
      if (remove.target !== add.target || !this.inScope(remove.call, classNode)) return false;
      if (within && !isWithin(remove.call, within)) return false;
      if (inline && !remove.removesAll) return false;
      return remove.event === undefined || event === undefined || !remove.event.startsWith("'") || remove.event === event;
    });
  }

  /** A configured cleanup helper is given the handler or the target. */
  private isCleanedUpByHelper(receiver: ts.Expression, handler: ts.Expression | undefined): boolean {
    const { sourceFile } = this.context;
    const given = new Set([receiver.getText(sourceFile)]);
    if (handler) given.add(handler.getText(sourceFile));
    return this.cleanupCalls.some((call) => call.arguments.some((argument) => given.has(argument.getText(sourceFile))));
  }

  private checkEffectAdd(add: ListenerAdd, effect: EffectCallback): void {
    const root = rootOf(add.receiver);
    if (!root || root.kind === SyntaxKind.ThisKeyword) return;
    // An object the effect made itself (`const socket = new WebSocket(url)`) goes when the effect's closure does.
    if (this.scope.declarations.declaredWithin((root as ts.Identifier).text, effect)) return;
    if (effectCleanup(effect, this.returns).kind !== 'none') return;
    if (this.hasMatchingRemove(add, handlerShape(add.handler).kind === 'inline', undefined, effect)) return;
    if (this.isCleanedUpByHelper(add.receiver, add.handler)) return;
    const event = add.event ? add.event.getText(this.context.sourceFile) : 'an event';
    const inline = handlerShape(add.handler).kind === 'inline'
      ? ' The handler is an inline function, so it can never be removed: keep it in a variable and remove it in the cleanup.'
      : '';
    const findings = this.effectFindings.get(effect) ?? [];
    findings.push({
      add,
      message: `This effect adds a listener for ${event} to ${add.receiver.getText(this.context.sourceFile)} and returns no cleanup: ` +
        `the listener stays after the component unmounts, and every re-run of the effect adds another.${inline}`,
    });
    this.effectFindings.set(effect, findings);
  }

  /** One fix per effect, on its first finding with a named handler: a single cleanup removing every such listener. */
  private reportEffectFindings(): void {
    const { text, sourceFile } = this.context;
    for (const [effect, findings] of this.effectFindings) {
      const named = findings.filter((finding) => handlerShape(finding.add.handler).kind === 'named' && finding.add.event);
      const removeCalls = named.map((finding) => {
        const handler = handlerShape(finding.add.handler);
        return removeCallText(finding.add, (handler as { expression: ts.Expression }).expression, sourceFile);
      });
      const fix = effectCleanupFix(text, sourceFile, effect, effectCleanup(effect, this.returns), removeCalls);
      for (const finding of findings) {
        this.context.report({ node: finding.add.call.expression, message: finding.message, fix: finding === named[0] ? fix : undefined });
      }
    }
  }

  private checkSubscription(subscription: SubscriptionCall): void {
    const { call } = subscription;
    if (!this.runsRepeatedly(call)) return;
    if (subscription.kind === 'subscribe' && completesByItself(subscription.receiver)) return;
    const receiver = skipInnerWrappers(subscription.receiver);
    // Subscribing to one's own event: the source and the listener go together.
    if (receiver.kind === SyntaxKind.ThisKeyword) return;
    const root = rootOf(receiver);
    const fn = enclosingFunction(call)!;
    if (root && isIdentifier(root) && this.scope.declarations.declaredWithin(root.text, fn) &&
      !fn.parameters.some((parameter) => isIdentifier(parameter.name) && parameter.name.text === root.text)) return;
    const lifetime = root ? targetLifetime(receiver, call, this.scope) : undefined;
    if (lifetime?.kind === 'field' && !fieldHoldsOutsideObject(lifetime.classNode, lifetime.field, this.scope)) return;
    if (this.isCleanedUpByHelper(receiver, call.arguments[0])) return;

    const what = subscription.kind === 'subscribe' ? 'subscription returned by subscribe()' : `disposable returned by ${subscription.member}()`;
    const effect = enclosingEffect(call);
    if (effect) {
      if (isResultDiscarded(call) && effectCleanup(effect, this.returns).kind === 'none') {
        this.context.report({
          node: call.expression,
          message: `This effect subscribes and returns no cleanup: the ${what} is discarded, so the subscription stays after the component unmounts and every re-run of the effect adds another.`,
        });
      }
      return;
    }
    const classNode = enclosingClass(call);
    const lifecycle = classNode ? classLifecycle(classNode, this.context.options.disposeMethods) : undefined;
    const registrar = registrarInScope(call, this.registrarCalls, this.context.options.registrars, this.scope, this.context.sourceFile);
    // An object that subscribes to an application-wide source (`vscode.workspace`, `window`, a module's bus) outlives nothing.
    const fromSingleton = dottedName(receiver) !== undefined &&
      (lifetime?.kind === 'global' || lifetime?.kind === 'import' || lifetime?.kind === 'module');
    const byInstance = thisClassAt(call)?.isStatic === false;
    if (!lifecycle?.hasLifecycle && !registrar && !(fromSingleton && byInstance)) return;
    if (isResultDiscarded(call)) {
      const release = subscription.kind === 'subscribe' ? 'unsubscribed' : 'disposed';
      const advice = registrar ? `register it with ${registrar}(…)` : subscription.kind === 'subscribe'
        ? 'keep it and unsubscribe when done, or end the stream with takeUntil(…)'
        : 'keep it and dispose it when done';
      this.context.report({
        node: call.expression,
        message: `The ${what} is discarded, so the listener can never be ${release}: it keeps its closure (and this object) alive for as long as the source lives; ${advice}.`,
        fix: registrar ? registerFix(this.context.sourceFile, call, registrar) : undefined,
      });
      return;
    }
    this.checkStoredSubscription(subscription, classNode, what);
  }

  /** `this.sub = source.subscribe(…)` with `this.sub` never used again: nothing can ever release it. */
  private checkStoredSubscription(subscription: SubscriptionCall, classNode: ts.ClassLikeDeclaration | undefined, what: string): void {
    const outer = subscription.call.parent;
    if (!classNode || !isBinaryExpression(outer) || outer.right !== subscription.call || outer.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const left = skipInnerWrappers(outer.left);
    if (!isPropertyAccessExpression(left) || left.expression.kind !== SyntaxKind.ThisKeyword) return;
    const field = left.name.text;
    const binding = this.context.facts.classFactsOf(classNode)?.fields.get(field);
    if (!(binding?.isPrivate ?? false) && !this.context.options.checkPublic) return;
    const uses = this.scope.members.usesOf(classNode, field);
    if (uses.some((use) => use.kind !== 'assign' && use.kind !== 'read')) return;
    this.context.report({
      node: subscription.call.expression,
      message: `The ${what} is stored in this.${field} but never ${subscription.kind === 'subscribe' ? 'unsubscribed' : 'disposed'} in this class: the listener keeps its closure (and this object) alive for as long as the source lives.`,
      related: [{ node: left, message: `this.${field} is assigned here` }],
    });
  }
}

function isPlainCall(call: ts.CallExpression, names: readonly string[]): boolean {
  return isIdentifier(call.expression) && names.includes(call.expression.text);
}
