import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import type { Binding } from '../server/engine/facts';
import { defineRule } from '../server/engine/rule';
import { type CollectionKind, declaredTypeOf, initializationOf } from './util/collection-kind';
import { ModuleFunctionCalls } from './util/collection-calls';
import { isFiniteKey, type KeyDeclarations, newKeyDeclarations } from './util/collection-keys';
import { MembershipChecks } from './util/collection-guards';
import { ClassLifetimes } from './util/collection-lifetime';
import { ImpureSpots, isMemoFill } from './util/collection-memo';
import { HiddenFieldAccess } from './util/collection-scope';
import { type AddSite, collectionUsage } from './util/collection-uses';
import { weakCollectionSuggestion } from './util/collection-weak';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isCallExpression, isComputedPropertyName, isObjectLiteralExpression,
  isPropertyAssignment, isShorthandPropertyAssignment,
} = ts;

interface Options {
  checkPublic: boolean;
  requireLifetimeEvidence: boolean;
}

const KIND_WORDS: Record<CollectionKind, string> = {
  Map: 'Map',
  Set: 'Set',
  array: 'array',
  dictionary: 'object used as a dictionary',
};

/** An entry whose key is one of a fixed set: the collection cannot grow past that set. */
function isFiniteAdd(site: AddSite, declarations: KeyDeclarations): boolean {
  if (site.use.kind === 'member-write') return true;
  if (site.use.kind === 'argument' && site.use.call && isCallExpression(site.use.call)) {
    // `Object.assign(d, { a: 1 })`: finite when every source is a literal with plain keys.
    return site.use.call.arguments.slice(1).every((source) => isObjectLiteralExpression(source) &&
      source.properties.every((property) => (isPropertyAssignment(property) || isShorthandPropertyAssignment(property)) &&
        !isComputedPropertyName(property.name)));
  }
  return site.key !== undefined && isFiniteKey(site.key, declarations);
}

/** "Warn once" registries (`warned`, `deprecations`) hold one entry per message the code can emit: a fixed set. */
const WARN_ONCE_NAME = /warn|deprecat/i;

function scopeWords(binding: Binding): { where: string; lifetime: string } {
  if (binding.kind === 'module') return { where: 'this module', lifetime: 'the program runs' };
  if (binding.kind === 'static-field') return { where: 'this class', lifetime: 'the program runs' };
  return { where: 'this class', lifetime: 'the object lives' };
}

export default defineRule<Options>({
  meta: {
    id: 'uncleared-collection',
    description: 'A long-lived Map, Set, array or dictionary object gains entries that are never removed.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('uncleared-collection'),
    fixable: false,
    hasSuggestions: true,
    optionsSchema: {
      type: 'object',
      properties: {
        checkPublic: {
          type: 'boolean',
          description: 'Also check public fields and exported module variables, which code elsewhere may clear.',
        },
        requireLifetimeEvidence: {
          type: 'boolean',
          description: 'Check an instance field only when the class shows that its objects outlive one operation ' +
            '(a disposal method, a decorator, an emitter base class, a single instance, a subscribing constructor, entries arriving over time).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { checkPublic: false, requireLifetimeEvidence: false },
    stories: [4, 5],
    usesFacts: true,
  },
  create(context) {
    const enums: ts.EnumDeclaration[] = [];
    const aliases: ts.TypeAliasDeclaration[] = [];
    const hidden = new HiddenFieldAccess();
    const calls = new ModuleFunctionCalls(context.sourceFile);
    const impure = new ImpureSpots();
    const membership = new MembershipChecks();
    const lifetimes = new ClassLifetimes();

    const check = (binding: Binding, declarations: KeyDeclarations) => {
      if (!binding.isPrivate && !context.options.checkPublic) return;
      if (WARN_ONCE_NAME.test(binding.name) || hidden.hides(binding, context.facts)) return;
      const init = initializationOf(binding);
      if (!init) return;
      const once = binding.classFacts?.constructorDecl;
      const usage = collectionUsage(init.kind, binding.uses, init.initializingUses,
        (use) => !use.inInitializer && !use.inConstructor && calls.runsRepeatedly(use.fn, once));
      if (usage.removed || usage.bounded || usage.escapes || usage.adds.length === 0) return;
      if (lifetimes.madePerCall(binding)) return;
      if (context.options.requireLifetimeEvidence && !lifetimes.outlivesOneOperation(binding, usage.adds)) return;
      if (init.kind !== 'array') {
        const growing = usage.adds.filter((site) => !isFiniteAdd(site, declarations) && !membership.guards(site, context.sourceFile));
        if (growing.length === 0) return;
        if (init.kind !== 'Set' && growing.every((site) => isMemoFill(site, binding.uses, impure, context.sourceFile))) return;
      }
      const { where, lifetime } = scopeWords(binding);
      const declaredType = declaredTypeOf(binding);
      const suggestion = weakCollectionSuggestion(init, declaredType, usage, binding.uses, declarations, context.sourceFile);
      context.report({
        node: binding.nameNode,
        message: `Entries are added to \`${binding.name}\` (a long-lived ${KIND_WORDS[init.kind]}) but never removed: ` +
          `nothing in ${where} deletes or clears them or bounds its size, so it grows for as long as ${lifetime}.`,
        related: usage.adds.map((site) => ({ node: site.node, message: 'An entry is added here.' })),
        suggestions: suggestion ? [suggestion] : [],
      });
    };

    return {
      [SyntaxKind.EnumDeclaration](node) {
        enums.push(node as ts.EnumDeclaration);
      },
      [SyntaxKind.TypeAliasDeclaration](node) {
        aliases.push(node as ts.TypeAliasDeclaration);
      },
      [SyntaxKind.ThisKeyword](node) {
        hidden.visit(node);
        impure.visit(node);
      },
      [SyntaxKind.AwaitExpression](node) {
        impure.visit(node);
      },
      [SyntaxKind.YieldExpression](node) {
        impure.visit(node);
      },
      [SyntaxKind.Identifier](node) {
        calls.visit(node);
      },
      [SyntaxKind.CallExpression](node) {
        calls.visit(node);
        membership.visit(node);
        lifetimes.visit(node);
      },
      [SyntaxKind.NewExpression](node) {
        lifetimes.visit(node);
      },
      [SyntaxKind.BinaryExpression](node) {
        membership.visit(node);
      },
      fileEnd() {
        const facts = context.facts;
        const declarations = newKeyDeclarations(facts, calls, enums, aliases);
        const bindings = [...facts.moduleBindings.values(), ...facts.classes.flatMap((classFacts) => [...classFacts.fields.values()])];
        bindings.sort((a, b) => a.nameNode.pos - b.nameNode.pos);
        for (const binding of bindings) check(binding, declarations);
      },
    };
  },
});
