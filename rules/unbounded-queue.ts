import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { defineRule } from '../server/engine/rule';
import { analyzeQueue } from './util/queue-analysis';
import {
  checkConfiguredConstructor,
  checkDefaultWaterMark,
  checkReplaySubject,
  checkShareReplay,
  checkWaterMark,
  isWaterMarkProperty,
  matchesConstructor,
  mayBeUnboundedCall,
  mayBeUnboundedNew,
  type ApiFinding,
  type ConstructorBound,
} from './util/queue-apis';
import { QueueSiteCollector } from './util/queue-candidates';
import { CounterBounds } from './util/queue-guards';
import { isFreshArray } from './util/queue-expressions';
import { boundQueueSuggestions, maxSizeConstantName } from './util/queue-fixes';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { SyntaxKind } = ts;

interface Options {
  constructors: ConstructorBound[];
}

const constructorProperties = {
  name: { type: 'string', minLength: 1, description: 'The class, as written after `new` (`BoundedQueue`, or dotted: `queues.Fifo`).' },
  boundArgument: {
    type: 'integer',
    minimum: 0,
    description: 'Position (from 0) of the argument that bounds it, or of the options object holding `boundOption`.',
  },
  boundOption: { type: 'string', minLength: 1, description: 'Name of the options property that bounds it.' },
} as const;

export default defineRule<Options>({
  meta: {
    id: 'unbounded-queue',
    description: 'A buffer between a producer and a consumer has no capacity bound.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('unbounded-queue'),
    fixable: false,
    hasSuggestions: true,
    optionsSchema: {
      type: 'object',
      properties: {
        constructors: {
          type: 'array',
          description: 'Your own queue classes: flagged when constructed without the argument or option that bounds them.',
          default: [],
          items: {
            anyOf: [
              { type: 'object', properties: constructorProperties, required: ['name', 'boundArgument'], additionalProperties: false },
              { type: 'object', properties: constructorProperties, required: ['name', 'boundOption'], additionalProperties: false },
            ],
          },
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { constructors: [] },
    stories: [1],
    usesFacts: true,
  },
  create(context) {
    const constructors = context.options.constructors ?? [];
    const collector = new QueueSiteCollector();
    const counters = new CounterBounds(context.sourceFile);
    const news: ts.NewExpression[] = [];
    const calls: ts.CallExpression[] = [];
    const waterMarks: ts.PropertyAssignment[] = [];

    const reportApi = (finding: ApiFinding | undefined) => {
      if (finding) context.report({ node: finding.node, message: finding.message, suggestions: finding.suggestions });
    };

    const reportArrayQueues = () => {
      const facts = context.facts;
      for (const candidate of collector.candidates(facts)) {
        const verdict = analyzeQueue(candidate, collector, counters, context.sourceFile);
        if (!verdict) continue;
        context.report({
          node: candidate.reportNode,
          message: `\`${candidate.displayName}\` is a queue with no bound: it is appended to and consumed, but nothing limits its length, ` +
            'so when the consumer falls behind it grows until memory runs out.',
          related: verdict.appends.map((use) => ({ node: use.call ?? use.context, message: 'appended here' })),
          suggestions: boundQueueSuggestions({
            name: candidate.name,
            producerAppends: verdict.producerAppends,
            sourceFile: context.sourceFile,
            hasConstant: facts.moduleBindings.has(maxSizeConstantName(candidate.name)),
          }),
        });
      }
    };

    return {
      [SyntaxKind.VariableDeclaration](node) {
        collector.onVariableDeclaration(node as ts.VariableDeclaration);
      },
      [SyntaxKind.Identifier](node) {
        collector.onIdentifier(node as ts.Identifier);
      },
      [SyntaxKind.PropertyAccessExpression](node) {
        collector.onThisAccess(node as ts.PropertyAccessExpression);
      },
      [SyntaxKind.BinaryExpression](node) {
        collector.onAssignment(node as ts.BinaryExpression);
        counters.onBinary(node as ts.BinaryExpression);
      },
      [SyntaxKind.PrefixUnaryExpression](node) {
        counters.onUnary(node as ts.PrefixUnaryExpression);
      },
      [SyntaxKind.PostfixUnaryExpression](node) {
        counters.onUnary(node as ts.PostfixUnaryExpression);
      },
      [SyntaxKind.FunctionDeclaration](node) {
        collector.onFunctionDeclaration(node as ts.FunctionDeclaration);
      },
      [SyntaxKind.ArrayLiteralExpression](node) {
        collector.onFreshArray(node as ts.ArrayLiteralExpression);
      },
      [SyntaxKind.NewExpression](node) {
        if (isFreshArray(node as ts.NewExpression)) collector.onFreshArray(node as ts.NewExpression);
        if (mayBeUnboundedNew(node as ts.NewExpression, constructors)) news.push(node as ts.NewExpression);
      },
      [SyntaxKind.CallExpression](node) {
        if (isFreshArray(node as ts.CallExpression)) collector.onFreshArray(node as ts.CallExpression);
        if (mayBeUnboundedCall(node as ts.CallExpression)) calls.push(node as ts.CallExpression);
      },
      [SyntaxKind.PropertyAssignment](node) {
        if (isWaterMarkProperty(node as ts.PropertyAssignment)) waterMarks.push(node as ts.PropertyAssignment);
      },
      fileEnd() {
        const { sourceFile } = context;
        const imports = context.facts.imports;
        reportArrayQueues();
        for (const node of news) {
          const entry = constructors.find((candidate) => matchesConstructor(node, candidate));
          reportApi(entry ? checkConfiguredConstructor(node, entry, sourceFile) : checkReplaySubject(node, sourceFile, imports));
        }
        for (const node of calls) reportApi(checkShareReplay(node, sourceFile, imports) ?? checkDefaultWaterMark(node, sourceFile));
        for (const node of waterMarks) reportApi(checkWaterMark(node, sourceFile));
      },
    };
  },
});
