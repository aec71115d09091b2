import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { skipOuterWrappers, type Binding } from '../server/engine/facts';
import { defineRule, NOTHING_TO_CHECK, type Fix, type RuleContext, type TextEdit } from '../server/engine/rule';
import { dottedName, enclosingFunction, indentationAt, lineBreakOf } from './util/ast';
import {
  DEFAULT_DISPOSE_METHODS,
  disposeMethodsSchema,
  findDisposalMethod,
  indentUnit,
  insertAtBlockEnd,
  insertAtBlockStart,
  insertClassMember,
  thisClassAt,
  ThisMemberIndex,
  unusedName,
  type DisposalMethod,
} from './util/dispose';
import { effectCleanup, enclosingEffect, type EffectCallback } from './util/react';
import {
  isPlatformTimer,
  isTestFile,
  mayReleaseTimer,
  nearestFunction,
  ModuleLoadAnalysis,
  skipInnerWrappers,
  timerFunctionOf,
  timerHandleOf,
  type TimerFunction,
  type TimerHandle,
} from './util/timer-calls';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrowFunction, isBlock, isCallExpression, isClassLike, isFunctionExpression,
  isIdentifier, isMethodDeclaration, isPrivateIdentifier, isPropertyAccessExpression,
  isPropertyDeclaration,
} = ts;

interface Options {
  disposeMethods: string[];
  checkPublic: boolean;
}

interface TimerCall {
  call: ts.CallExpression;
  fn: TimerFunction;
}

const CLEAR_ON_DISPOSE = 'Clear the interval on dispose';
const CLEAR_TIMEOUT_ON_DISPOSE = 'Clear the timeout on dispose';
const EFFECT_CLEANUP = 'Return a cleanup that clears the interval';
const KEEP_HANDLE = 'Keep the interval handle in a const';

export default defineRule<Options>({
  meta: {
    id: 'uncleared-timer',
    description: 'An interval (or a self re-arming timeout) is started and never cleared, so it runs and holds its closure forever.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('uncleared-timer'),
    fixable: true,
    hasSuggestions: true,
    optionsSchema: {
      type: 'object',
      properties: {
        disposeMethods: disposeMethodsSchema,
        checkPublic: {
          type: 'boolean',
          description: 'Also check handles kept in public fields and exported variables, which code elsewhere may clear.',
          default: false,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { disposeMethods: [...DEFAULT_DISPOSE_METHODS], checkPublic: false },
    stories: [5],
    usesFacts: true,
  },
  create(context) {
    // Every finding starts at a setInterval or setTimeout call: a file naming neither has none.
    if (!context.text.includes('setInterval') && !context.text.includes('setTimeout')) return NOTHING_TO_CHECK;
    const timers: TimerCall[] = [];
    const clears: ts.CallExpression[] = [];
    const calls: ts.CallExpression[] = [];
    const returns: ts.ReturnStatement[] = [];
    const members = new ThisMemberIndex();
    return {
      [SyntaxKind.CallExpression](node) {
        calls.push(node as ts.CallExpression);
      },
      [SyntaxKind.ReturnStatement](node) {
        returns.push(node as ts.ReturnStatement);
      },
      [SyntaxKind.PropertyAccessExpression](node) {
        members.visit(node as ts.PropertyAccessExpression);
      },
      fileEnd() {
        if (isTestFile(context.filePath)) return;
        const imports = context.facts.imports;
        for (const call of calls) {
          const fn = timerFunctionOf(call, imports);
          if (fn === 'setInterval' || fn === 'setTimeout') timers.push({ call, fn });
          else if (fn) clears.push(call);
        }
        const checker = new TimerChecker(context, members, clears, calls, returns);
        for (const timer of timers) {
          if (timer.fn === 'setInterval') checker.checkInterval(timer.call);
          else checker.checkTimeout(timer.call);
        }
      },
    };
  },
});

class TimerChecker {
  /** Field names already chosen by fixes in this file, per class, so two fixes never pick the same one. */
  private readonly namesTaken = new Map<ts.Node, Set<string>>();
  private readonly moduleLoad: ModuleLoadAnalysis;

  constructor(
    private readonly context: RuleContext<Options>,
    private readonly members: ThisMemberIndex,
    private readonly clears: readonly ts.CallExpression[],
    private readonly calls: readonly ts.CallExpression[],
    private readonly returns: readonly ts.ReturnStatement[],
  ) {
    this.moduleLoad = new ModuleLoadAnalysis(context.sourceFile, calls);
  }

  checkInterval(call: ts.CallExpression): void {
    if (this.callbackEndsProcess(call)) return;
    const effect = enclosingEffect(call);
    if (effect) {
      this.checkEffectInterval(call, effect);
      return;
    }
    const handle = timerHandleOf(call);
    const atModuleLoad = this.moduleLoad.runsOnlyAtLoad(call);
    switch (handle.kind) {
      case 'discarded':
        this.checkDiscardedInterval(call, handle, atModuleLoad);
        return;
      case 'this-field':
      case 'field-initializer':
        this.checkStoredInField(call, handle, handle.kind === 'this-field' ? handle.target : handle.declaration.name);
        return;
      case 'identifier':
        if (!atModuleLoad && !handle.declaration) this.checkStoredInModuleVariable(call, handle.identifier, handle.unref);
        return;
      default:
        return;
    }
  }

  private checkDiscardedInterval(call: ts.CallExpression, handle: Extract<TimerHandle, { kind: 'discarded' }>, atModuleLoad: boolean): void {
    // A script's top-level interval lives as long as the process, which is what the script asked for.
    if (atModuleLoad) return;
    if (this.callbackClearsItself(call)) return;
    const owner = this.instanceClassOf(call);
    const disposal = owner ? findDisposalMethod(owner, this.context.options.disposeMethods) : undefined;
    // `.unref()` says "run for as long as the process does": a deliberate background task, unless the object has an end of life.
    if (handle.unref && !disposal) return;
    const platform = isPlatformTimer(call);
    const fix = owner && disposal && platform ? this.storeAndClearOnDispose(owner, disposal, handle.statement, 'interval') : undefined;
    const suggestion = fix ? undefined : this.keepHandleSuggestion(handle.statement);
    this.context.report({
      node: call.expression,
      message: disposal
        ? `This interval's handle is discarded, so it can never be cleared: it keeps running after ${disposal.name}() and keeps this object and everything its callback references alive.`
        : 'This interval\'s handle is discarded, so it can never be cleared: it runs forever and keeps everything its callback references alive.',
      fix,
      suggestions: suggestion ? [suggestion] : undefined,
    });
  }

  private checkStoredInField(call: ts.CallExpression, handle: Extract<TimerHandle, { kind: 'this-field' | 'field-initializer' }>, where: ts.Node): void {
    const owner = this.instanceClassOf(call) ??
      (handle.kind === 'field-initializer' && isClassLike(handle.declaration.parent) ? handle.declaration.parent : undefined);
    if (!owner) return;
    const binding = this.context.facts.classFactsOf(owner)?.fields.get(handle.name);
    if (binding?.kind === 'static-field') return;
    if (!(binding?.isPrivate ?? false) && !this.context.options.checkPublic) return;
    const uses = this.members.usesOf(owner, handle.name);
    if (uses.some(mayReleaseTimer)) return;
    const disposal = findDisposalMethod(owner, this.context.options.disposeMethods);
    const unref = handle.unref || uses.some((use) => use.kind === 'call' && use.member === 'unref');
    if (unref && !disposal) return;
    const fix = disposal?.body && !this.isInside(call, disposal.node) && isPlatformTimer(call)
      ? { title: CLEAR_ON_DISPOSE, edits: [this.clearInDisposal(disposal, 'clearInterval', `this.${handle.name}`)] }
      : undefined;
    this.context.report({
      node: call.expression,
      message: `The interval stored in this.${handle.name} is never passed to clearInterval in this class: it runs forever and keeps this object alive${disposal ? `, even after ${disposal.name}()` : ''}.`,
      related: [{ node: where, message: `this.${handle.name} is assigned here` }],
      fix,
    });
  }

  private checkStoredInModuleVariable(call: ts.CallExpression, identifier: ts.Identifier, unref: boolean): void {
    const binding: Binding | undefined = this.context.facts.bindingAt(identifier);
    if (!binding || binding.kind !== 'module') return;
    if (!binding.isPrivate && !this.context.options.checkPublic) return;
    if (binding.uses.some(mayReleaseTimer)) return;
    if (unref || binding.uses.some((use) => use.kind === 'call' && use.member === 'unref')) return;
    this.context.report({
      node: call.expression,
      message: `The interval stored in ${binding.name} is never passed to clearInterval in this module: it runs forever and keeps everything its callback references alive.`,
      related: [{ node: binding.nameNode, message: `${binding.name} is declared here` }],
    });
  }

  /** A watchdog whose job is to end the process (`process.exit()` in its callback) is meant to live as long as the process. */
  private callbackEndsProcess(call: ts.CallExpression): boolean {
    const callback = call.arguments[0];
    return callback !== undefined && this.calls.some((inner) =>
      this.isInside(inner, callback) && dottedName(inner.expression) === 'process.exit');
  }

  /** `setInterval(function () { … clearInterval(this) … })`: Node passes the timer as `this`. */
  private callbackClearsItself(call: ts.CallExpression): boolean {
    const callback = call.arguments[0] && skipInnerWrappers(call.arguments[0]);
    if (!callback || !isFunctionExpression(callback)) return false;
    return this.clears.some((clear) => {
      const argument = clear.arguments[0];
      if (!argument || argument.kind !== SyntaxKind.ThisKeyword) return false;
      let fn = nearestFunction(clear);
      while (fn && isArrowFunction(fn)) fn = nearestFunction(fn);
      return fn === callback;
    });
  }

  private checkEffectInterval(call: ts.CallExpression, effect: EffectCallback): void {
    const handle = timerHandleOf(call);
    const cleanup = effectCleanup(effect, this.returns);
    const effectText = effect.getText(this.context.sourceFile);
    // `useEffect(() => setInterval(tick, 1000))` hands the handle to React as if it were a cleanup.
    const isEffectBody = !isBlock(effect.body) && skipOuterWrappers(call) === effect.body;
    if (handle.kind === 'identifier') {
      // A handle kept in a local is fine once anything else in the effect mentions it (a clear, a ref, a list).
      const name = handle.identifier.text;
      const mentions = effectText.match(new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`, 'g'))?.length ?? 0;
      if (mentions > 1 || cleanup.kind === 'opaque' || !handle.declaration) return;
    } else if (handle.kind !== 'discarded' && !isEffectBody) {
      return;
    }
    this.context.report({
      node: call.expression,
      message: 'This effect starts an interval and returns no cleanup that clears it: the interval keeps running after the component unmounts, and every re-run of the effect starts another.',
      fix: (cleanup.kind === 'none' || isEffectBody) && isPlatformTimer(call) ? this.effectCleanupFix(call, effect, handle) : undefined,
    });
  }

  private effectCleanupFix(call: ts.CallExpression, effect: EffectCallback, handle: TimerHandle): Fix | undefined {
    const { text, sourceFile } = this.context;
    if (!isBlock(effect.body)) {
      // `useEffect(() => setInterval(tick, 1000))` hands React the handle as if it were a cleanup.
      const indent = indentationAt(text, effect.getStart(sourceFile));
      const component = nearestFunction(effect);
      const unit = indentUnit(text, component ? component.getStart(sourceFile) : 0, effect.getStart(sourceFile));
      const lineBreak = lineBreakOf(text);
      const name = unusedName(effect.getText(sourceFile), 'interval');
      const body = effect.body;
      return {
        title: EFFECT_CLEANUP,
        edits: [{
          start: body.getStart(sourceFile),
          end: body.getEnd(),
          text: `{${lineBreak}${indent}${unit}const ${name} = ${call.getText(sourceFile)};${lineBreak}` +
            `${indent}${unit}return () => clearInterval(${name});${lineBreak}${indent}}`,
        }],
      };
    }
    if (handle.kind === 'discarded') {
      const name = unusedName(effect.getText(sourceFile), 'interval');
      const start = handle.statement.expression.getStart(sourceFile);
      return {
        title: EFFECT_CLEANUP,
        edits: [
          { start, end: start, text: `const ${name} = ` },
          insertAtBlockEnd(text, sourceFile, effect.body, `return () => clearInterval(${name});`),
        ],
      };
    }
    if (handle.kind === 'identifier' && handle.declaration) {
      return {
        title: EFFECT_CLEANUP,
        edits: [insertAtBlockEnd(text, sourceFile, effect.body, `return () => clearInterval(${handle.identifier.text});`)],
      };
    }
    return undefined;
  }

  /**
   * A `setTimeout` whose callback calls the function that scheduled it again is an interval in
   * disguise; in a class that has an end of life, something must stop the loop.
   */
  checkTimeout(call: ts.CallExpression): void {
    const loop = this.reArmedMethod(call);
    if (!loop) return;
    const { owner, method, name } = loop;
    const disposal = findDisposalMethod(owner, this.context.options.disposeMethods);
    if (!disposal || disposal.node === method) return;
    const handle = timerHandleOf(call);
    if (handle.kind === 'this-field') {
      if (this.members.usesOf(owner, handle.name).some(mayReleaseTimer)) return;
    } else if (handle.kind !== 'discarded') {
      return;
    }
    if (this.loopIsGuarded(owner, disposal, method)) return;
    let fix: Fix | undefined;
    if (disposal.body && !this.isInside(call, disposal.node) && isPlatformTimer(call)) {
      fix = handle.kind === 'discarded'
        ? this.storeAndClearOnDispose(owner, disposal, handle.statement, 'timeout')
        : { title: CLEAR_TIMEOUT_ON_DISPOSE, edits: [this.clearInDisposal(disposal, 'clearTimeout', `this.${handle.name}`)] };
    }
    this.context.report({
      node: call.expression,
      message: `This setTimeout re-arms itself (its callback calls this.${name}() again) and its handle is never cleared: the loop keeps running after ${disposal.name}() and keeps this object alive.`,
      fix,
    });
  }

  private reArmedMethod(call: ts.CallExpression): { owner: ts.ClassLikeDeclaration; method: ts.Node; name: string } | undefined {
    const owner = this.instanceClassOf(call);
    if (!owner) return undefined;
    const method = classMemberContaining(call, owner);
    if (!method || !method.name || !isIdentifier(method.name) && !isPrivateIdentifier(method.name)) return undefined;
    const name = method.name.text;
    const callback = call.arguments[0] && skipInnerWrappers(call.arguments[0]);
    if (!callback) return undefined;
    if (isThisMember(callback, name)) return { owner, method, name };
    if (isCallExpression(callback) && isPropertyAccessExpression(callback.expression) &&
      callback.expression.name.text === 'bind' && isThisMember(callback.expression.expression, name)) {
      return { owner, method, name };
    }
    if (!isArrowFunction(callback) && !isFunctionExpression(callback)) return undefined;
    const calledAgain = this.calls.some((inner) =>
      this.isInside(inner, callback) && isThisMember(inner.expression, name) && this.instanceClassOf(inner) === owner);
    return calledAgain ? { owner, method, name } : undefined;
  }

  /** The loop checks a field that the disposal method writes (`if (this.disposed) return;`). */
  private loopIsGuarded(owner: ts.ClassLikeDeclaration, disposal: DisposalMethod, method: ts.Node): boolean {
    const written = new Set<string>();
    for (const [name, uses] of this.members.fieldsOf(owner)) {
      if (uses.some((use) => (use.kind === 'assign' || use.kind === 'update' || use.kind === 'call') && this.isInside(use.node, disposal.node))) {
        written.add(name);
      }
    }
    return [...written].some((flag) => this.members.usesOf(owner, flag).some((use) =>
      use.kind !== 'assign' && this.isInside(use.node, method)));
  }

  private instanceClassOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    const owner = thisClassAt(node);
    return owner && !owner.isStatic ? owner.classNode : undefined;
  }

  private isInside(node: ts.Node, container: ts.Node): boolean {
    return node.pos >= container.pos && node.end <= container.end;
  }

  private storeAndClearOnDispose(
    owner: ts.ClassLikeDeclaration,
    disposal: DisposalMethod,
    statement: ts.ExpressionStatement,
    what: 'interval' | 'timeout',
  ): Fix | undefined {
    if (!disposal.body || this.isInside(statement, disposal.node)) return undefined;
    const { text, sourceFile } = this.context;
    const taken = this.namesTaken.get(owner) ?? new Set<string>();
    this.namesTaken.set(owner, taken);
    const name = unusedName(owner.getText(sourceFile), what, taken);
    taken.add(name);
    const edits: TextEdit[] = [];
    if (!isJavaScript(this.context.filePath)) {
      const setter = what === 'interval' ? 'setInterval' : 'setTimeout';
      const declaration = insertClassMember(text, sourceFile, owner, `private ${name}?: ReturnType<typeof ${setter}>;`);
      if (!declaration) return undefined;
      edits.push(declaration);
    }
    const start = statement.expression.getStart(sourceFile);
    edits.push({ start, end: start, text: `this.${name} = ` });
    edits.push(this.clearInDisposal(disposal, what === 'interval' ? 'clearInterval' : 'clearTimeout', `this.${name}`));
    return { title: what === 'interval' ? CLEAR_ON_DISPOSE : CLEAR_TIMEOUT_ON_DISPOSE, edits };
  }

  private clearInDisposal(disposal: DisposalMethod, clear: string, handle: string): TextEdit {
    return insertAtBlockStart(this.context.text, this.context.sourceFile, disposal.body!, `${clear}(${handle});`);
  }

  private keepHandleSuggestion(statement: ts.ExpressionStatement): Fix {
    const { sourceFile } = this.context;
    const scope = enclosingFunction(statement);
    const name = unusedName((scope ?? sourceFile).getText(sourceFile), 'interval');
    const start = statement.expression.getStart(sourceFile);
    return { title: KEEP_HANDLE, edits: [{ start, end: start, text: `const ${name} = ` }] };
  }
}

function isThisMember(expression: ts.Node, name: string): boolean {
  return isPropertyAccessExpression(expression) && expression.expression.kind === SyntaxKind.ThisKeyword &&
    expression.name.text === name;
}

/** The method (or function-valued field) of `owner` that contains `node`. */
function classMemberContaining(node: ts.Node, owner: ts.ClassLikeDeclaration): ts.MethodDeclaration | ts.PropertyDeclaration | undefined {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.parent === owner) {
      if (isMethodDeclaration(current)) return current;
      if (isPropertyDeclaration(current) && current.initializer &&
        (isArrowFunction(current.initializer) || isFunctionExpression(current.initializer))) return current;
      return undefined;
    }
  }
  return undefined;
}

function isJavaScript(filePath: string): boolean {
  return /\.[cm]?jsx?$/i.test(filePath);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
