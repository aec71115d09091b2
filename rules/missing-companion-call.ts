import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { defineRule, NOTHING_TO_CHECK, type ReportDescriptor } from '../server/engine/rule';
import { calleeName, isWithin, lineBreakOf } from './util/ast';
import { addCompanionFix } from './util/companion-fix';
import {
  DEFAULT_PAIRS,
  PAIR_SCHEMA,
  lastPart,
  matchesName,
  normalizePair,
  normalizedText,
  sameFirstArgument,
  shapeOf,
  wordsOf,
  type CallShape,
  type Pair,
  type PairOption,
} from './util/companion-pairs';
import { isAwaited, isResultKept } from './util/companion-result';
import { fileScopeIndex, isValueReference } from './util/logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrowFunction, isBinaryExpression, isCallExpression, isClassLike,
  isFunctionExpression, isFunctionLike, isIdentifier, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isStringLiteral,
  isVariableDeclaration,
} = ts;

interface Options {
  pairs: PairOption[];
}

interface SeenCall {
  node: ts.CallExpression;
  shape: CallShape;
}

/** A companion used without being called (`promise.finally(this.unlock)`, `stream.on('end', release)`). */
interface SeenReference {
  node: ts.Expression;
  shape: CallShape;
}

const SCOPE_WORD = { function: 'function', class: 'class', module: 'file' } as const;

function scopeNodeOf(node: ts.Node, scope: Pair['scope']): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (scope === 'function' && isFunctionLike(current) && 'body' in current && current.body) return current;
    if (scope === 'class' && isClassLike(current)) return current;
  }
  return node.getSourceFile();
}

/** The name of the function a call sits in, when it has one (declaration, method, variable or property). */
function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const name = (current as ts.SignatureDeclaration).name;
    if (name && (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name))) return name.text;
    const parent = current.parent;
    if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || isPropertyDeclaration(parent)) && isIdentifier(parent.name)) {
      return parent.name.text;
    }
    // `Worker.prototype.lock = function () { ... }`
    if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken && isPropertyAccessExpression(parent.left)) {
      return parent.left.name.text;
    }
    return undefined;
  }
  return undefined;
}

function display(name: string): string {
  return `\`${name}()\``;
}

export default defineRule<Options>({
  meta: {
    id: 'missing-companion-call',
    description: 'A call whose required companion call (compactHead/compactOOOHead, acquire/release, lock/unlock, console.time/timeEnd) is missing.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('missing-companion-call'),
    fixable: true,
    hasSuggestions: true,
    optionsSchema: {
      type: 'object',
      properties: {
        pairs: {
          type: 'array',
          items: PAIR_SCHEMA,
          description: 'Calls and the companions they require. Replaces the default list.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { pairs: DEFAULT_PAIRS.map((pair) => ({ ...pair, requires: [...pair.requires] })) },
    stories: [3],
    usesFacts: false,
  },
  create(context) {
    const pairs = context.options.pairs.map(normalizePair);
    const callNames = new Set(pairs.map((pair) => lastPart(pair.call)));
    // Only a call of a pair's first half can be reported: a file that never names one has nothing to check.
    if (![...callNames].some((name) => context.text.includes(name))) return NOTHING_TO_CHECK;
    const companionNames = new Set(pairs.flatMap((pair) => pair.requires.map(lastPart)));
    const scopes = context.shared(fileScopeIndex);
    const calls: SeenCall[] = [];
    const companionCalls = new Map<string, SeenCall[]>();
    const companionReferences: SeenReference[] = [];
    const { text, sourceFile } = context;

    const noteReference = (node: ts.Expression, name: string) => {
      if (!companionNames.has(name)) return;
      const parent = node.parent;
      if (isCallExpression(parent) && parent.expression === node) return; // a call, seen as such
      companionReferences.push({ node, shape: shapeOf(node, sourceFile) });
    };

    return {
      [SyntaxKind.Identifier](node) {
        const id = node as ts.Identifier;
        scopes.add(id);
        if (companionNames.has(id.text) && isValueReference(id)) noteReference(id, id.text);
      },
      [SyntaxKind.PropertyAccessExpression](node) {
        noteReference(node as ts.PropertyAccessExpression, (node as ts.PropertyAccessExpression).name.text);
      },
      [SyntaxKind.CallExpression](node) {
        const call = node as ts.CallExpression;
        const member = calleeName(call);
        if (member === undefined || !(callNames.has(member) || companionNames.has(member))) return;
        const shape = shapeOf(call.expression, sourceFile);
        if (shape.member === undefined) return;
        if (callNames.has(shape.member)) calls.push({ node: call, shape });
        if (companionNames.has(shape.member)) {
          const list = companionCalls.get(shape.member);
          if (list) list.push({ node: call, shape });
          else companionCalls.set(shape.member, [{ node: call, shape }]);
        }
      },
      fileEnd() {
        if (calls.length === 0) return;
        const reported = new Set<ts.Node>();
        for (const pair of pairs) {
          for (const seen of calls) {
            if (reported.has(seen.node) || !matchesName(pair.call, seen.shape)) continue;
            if (isExempt(seen, pair) || hasCompanion(seen, pair)) continue;
            reported.add(seen.node);
            context.report(describeFinding(seen, pair));
          }
        }
      },
    };

    function isExempt(seen: SeenCall, pair: Pair): boolean {
      if (pair.awaitedOnly && !isAwaited(seen.node)) return true;
      if (pair.resultReleases) {
        if (isResultKept(seen.node, scopes)) return true;
        // `mutex.lock(async () => { ... })` holds the lock for the callback and releases it after.
        if (seen.node.arguments.some((argument) => isArrowFunction(argument) || isFunctionExpression(argument))) return true;
      }
      // A wrapper such as `acquire() { return this.pool.acquire(); }` or `acquireLock()` is itself
      // one half of a pair; its callers carry the obligation.
      const name = enclosingFunctionName(seen.node);
      return name !== undefined && wordsOf(name).includes(lastPart(pair.call).toLowerCase());
    }

    function hasCompanion(seen: SeenCall, pair: Pair): boolean {
      const scopeNode = scopeNodeOf(seen.node, pair.scope);
      const receiverMatches = (shape: CallShape) => !pair.sameReceiver || pair.call.includes('.') || shape.receiver === seen.shape.receiver;
      for (const companion of pair.requires) {
        for (const candidate of companionCalls.get(lastPart(companion)) ?? []) {
          if (!isWithin(candidate.node, scopeNode) || !matchesName(companion, candidate.shape) || !receiverMatches(candidate.shape)) continue;
          if (pair.sameArguments && !sameFirstArgument(seen.node, candidate.node, sourceFile)) continue;
          return true;
        }
        if (pair.sameArguments) continue;
        for (const reference of companionReferences) {
          if (isWithin(reference.node, scopeNode) && matchesName(companion, reference.shape) && receiverMatches(reference.shape)) return true;
        }
      }
      return false;
    }

    function describeFinding(seen: SeenCall, pair: Pair): ReportDescriptor {
      const missing = pair.requires.map(display).join(' or ');
      const argument = pair.sameArguments && seen.node.arguments[0] ? ` for \`${normalizedText(seen.node.arguments[0], sourceFile)}\`` : '';
      const message = `${display(pair.call)} has no matching ${missing}${argument} in this ${SCOPE_WORD[pair.scope]}: ` +
        `cleanup pairs must run together, or what only the companion releases stays in memory.`;
      const descriptor: ReportDescriptor = { node: seen.node, message };
      const fix = addCompanionFix(seen.node, seen.shape, pair, text, lineBreakOf(text));
      if (fix && pair.scope === 'function' && pair.autofix) descriptor.fix = fix;
      else if (fix) descriptor.suggestions = [fix];
      return descriptor;
    }
  },
});
