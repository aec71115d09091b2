import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import type { Binding, BindingUse, FileFacts } from '../server/engine/facts';
import { defineRule } from '../server/engine/rule';
import { isBoundedByCounter, isGuardedByDepth, PropertyCuts } from './util/chain-cuts';
import { argumentFate, heldCandidates, type Hold, holdOf } from './util/chain-links';
import { ModuleFunctionCalls } from './util/collection-calls';
import { skipInnerWrappers } from './util/collection-kind';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { SyntaxKind, isIdentifier, isVariableDeclaration } = ts;

interface Options {
  checkPublic: boolean;
}

/** One assignment whose new value holds the target's previous value. */
interface ChainLink {
  assignment: ts.BinaryExpression;
  target: BindingUse;
  binding: Binding;
  holds: Hold[];
}

/** `const prev = this.head` in the same function, before `at`: a local standing for the old value. */
function isLocalCopyOf(held: ts.Expression, binding: Binding, target: BindingUse): boolean {
  if (!isIdentifier(held)) return false;
  return binding.uses.some((use) => use.kind === 'alias' && use.fn === target.fn && use.node.pos < held.pos &&
    isVariableDeclaration(use.context) && isIdentifier(use.context.name) && use.context.name.text === held.text &&
    use.context.initializer !== undefined && skipInnerWrappers(use.context.initializer) === use.node);
}

/** The property names that would cut the chain, or undefined when the new value does not actually keep the old one. */
function backPointerNames(hold: Hold, facts: FileFacts): string[] | undefined {
  const names = [...hold.properties];
  for (const construction of hold.constructions) {
    if (!construction.direct) continue;
    const fate = argumentFate(construction.call, construction.argumentIndex, facts.classes);
    if (fate.kind === 'dropped') return undefined;
    if (fate.kind === 'stored') names.push(fate.field);
  }
  return names;
}

function describeVia(hold: Hold): string {
  if (hold.properties.length > 0) return `\`${hold.properties.join('.')}\``;
  const construction = hold.constructions[hold.constructions.length - 1];
  if (construction) return `\`new ${construction.call.expression.getText()}(…)\``;
  return 'an array element';
}

export default defineRule<Options>({
  meta: {
    id: 'unbounded-chain',
    description: 'A long-lived variable or field is replaced by a new object that keeps the previous one, so the whole history stays in memory.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('unbounded-chain'),
    fixable: false,
    hasSuggestions: false,
    optionsSchema: {
      type: 'object',
      properties: {
        checkPublic: {
          type: 'boolean',
          description: 'Also check public fields and exported module variables, which code elsewhere may reset.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { checkPublic: false },
    stories: [4],
    usesFacts: true,
  },
  create(context) {
    const candidates: ts.Expression[] = [];
    const cuts = new PropertyCuts();
    const calls = new ModuleFunctionCalls(context.sourceFile);
    const collect = (node: ts.Node) => {
      for (const held of heldCandidates(node)) candidates.push(held);
    };

    const linksOf = (facts: FileFacts): ChainLink[] => {
      const links = new Map<ts.BinaryExpression, ChainLink>();
      for (const held of candidates) {
        const hold = holdOf(held);
        if (!hold) continue;
        const left = skipInnerWrappers(hold.assignment.left);
        const target = facts.useAt(left);
        const binding = facts.bindingAt(left);
        if (!target || !binding || target.kind !== 'assign') continue;
        if (facts.bindingAt(held) !== binding && !isLocalCopyOf(held, binding, target)) continue;
        const link = links.get(hold.assignment) ?? { assignment: hold.assignment, target, binding, holds: [] };
        link.holds.push(hold);
        links.set(hold.assignment, link);
      }
      return [...links.values()];
    };

    return {
      [SyntaxKind.ShorthandPropertyAssignment]: collect,
      [SyntaxKind.PropertyAssignment]: collect,
      [SyntaxKind.ArrayLiteralExpression]: collect,
      [SyntaxKind.NewExpression]: collect,
      [SyntaxKind.BinaryExpression](node) {
        cuts.visit(node);
      },
      [SyntaxKind.DeleteExpression](node) {
        cuts.visit(node);
      },
      [SyntaxKind.Identifier](node) {
        calls.visit(node);
      },
      [SyntaxKind.CallExpression](node) {
        calls.visit(node);
      },
      fileEnd() {
        const facts = context.facts;
        const links = linksOf(facts);
        const chainAssignments = new Set<ts.Node>(links.map((link) => link.assignment));
        links.sort((a, b) => a.assignment.pos - b.assignment.pos);
        for (const { assignment, target, binding, holds } of links) {
          if (!binding.isPrivate && !context.options.checkPublic) continue;
          // Top-level code and the constructor body run once: they cannot grow a chain.
          if (target.inConstructor || !calls.runsRepeatedly(target.fn, binding.classFacts?.constructorDecl)) continue;
          const uncut = holds.filter((hold) => {
            const names = backPointerNames(hold, facts);
            return names !== undefined && !names.some((name) => cuts.has(name));
          });
          if (uncut.length === 0) continue;
          const constructorAssignments = new Set<ts.Node>(binding.constructorAssignments);
          // Any other assignment (`this.head = this.head.next`, a reset to null) pops or drops the chain.
          const reassigned = binding.uses.some((use) => (use.kind === 'assign' || use.kind === 'update') && !use.inInitializer &&
            !constructorAssignments.has(use.context) && !chainAssignments.has(use.context));
          if (reassigned) continue;
          if (isGuardedByDepth(assignment) || isBoundedByCounter(target, binding, facts)) continue;
          const name = skipInnerWrappers(assignment.left).getText(context.sourceFile);
          context.report({
            node: assignment,
            message: `Every new value of \`${name}\` keeps the previous one alive (through ${describeVia(uncut[0])}), ` +
              'so the whole history stays in memory: nothing cuts the chain or bounds its depth.',
          });
        }
      },
    };
  },
});
