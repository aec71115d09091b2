import ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { defineRule, NOTHING_TO_CHECK, type ReportDescriptor } from '../server/engine/rule';
import { lineBreakOf } from './util/ast';
import {
  DEFAULT_FACTORIES,
  FACTORY_PATTERN_SOURCE,
  addImportedNames,
  calleeOrigin,
  matchFactory,
  mightMatch,
  parseFactories,
  requiredModule,
  type FactoryPattern,
  type ImportedNames,
} from './util/logger-factories';
import { PlainClassCheck } from './util/logger-class';
import { moveToModuleLevel } from './util/logger-fix';
import { LoggerLifetime, type PerCallSite } from './util/logger-lifetime';
import { fileScopeIndex, type ScopeIndex } from './util/logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isCallExpression, isFunctionLike, isNewExpression,
  isPostfixUnaryExpression, isPrefixUnaryExpression, isSourceFile,
} = ts;

interface Options {
  factories: string[];
  checkConstructors: boolean;
}

type Construction = ts.CallExpression | ts.NewExpression;

// Read once: these run for every call in every file.
const IDENTIFIER_KIND = SyntaxKind.Identifier;
const MEMBER_CALL_KIND = SyntaxKind.PropertyAccessExpression;

/** Node kinds that decide whether a moved expression still means the same thing at module level. */
const EFFECT_KINDS = [
  SyntaxKind.ThisKeyword,
  SyntaxKind.SuperKeyword,
  SyntaxKind.AwaitExpression,
  SyntaxKind.YieldExpression,
  SyntaxKind.TaggedTemplateExpression,
  SyntaxKind.DeleteExpression,
  SyntaxKind.PrefixUnaryExpression,
  SyntaxKind.PostfixUnaryExpression,
  SyntaxKind.BinaryExpression,
];

function isEffect(node: ts.Node): boolean {
  if (isPrefixUnaryExpression(node) || isPostfixUnaryExpression(node)) {
    return node.operator === SyntaxKind.PlusPlusToken || node.operator === SyntaxKind.MinusMinusToken;
  }
  if (isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    return operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment;
  }
  return true;
}

function describe(node: Construction, scopes: ScopeIndex, text: string): string {
  const written = calleeOrigin(node.expression, scopes)?.written ?? text.slice(node.expression.getStart(), node.expression.getEnd());
  return isNewExpression(node) ? `new ${written}()` : `${written}()`;
}

export default defineRule<Options>({
  meta: {
    id: 'logger-per-call',
    description: 'A logger is constructed each time a function runs instead of once.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('logger-per-call'),
    fixable: true,
    hasSuggestions: true,
    optionsSchema: {
      type: 'object',
      properties: {
        factories: {
          type: 'array',
          description: 'Calls that construct a logger or a logging transport: `pkg.name` for a call, `new Name` for a class; `*` matches any part of one name. Replaces the default list.',
          items: { type: 'string', minLength: 1, pattern: FACTORY_PATTERN_SOURCE },
        },
        checkConstructors: {
          type: 'boolean',
          description: 'Also flag loggers constructed in class constructors and instance field initializers (once per instance).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { factories: [...DEFAULT_FACTORIES], checkConstructors: false },
    stories: [2],
    usesFacts: false,
  },
  create(context) {
    const constructions: Construction[] = [];
    const memberCalls = new Map<string, ts.CallExpression[]>();
    const effectNodes: ts.Node[] = [];
    const patterns = parseFactories(context.options.factories);
    // A match names every fixed part of its pattern (`winston` and `createLogger`) somewhere in the file,
    // in the call, the import or the require: a file where no pattern has all of them is skipped.
    const mentionsAFactory = patterns.some((pattern) => pattern.literals.every((literal) => context.text.includes(literal)));
    if (!mentionsAFactory) return NOTHING_TO_CHECK;
    const scopes = context.shared(fileScopeIndex);

    const onConstruction = (node: ts.Node) => {
      constructions.push(node as Construction);
      effectNodes.push(node);
    };
    const onEffect = (node: ts.Node) => {
      if (isEffect(node)) effectNodes.push(node);
    };
    const importsAndRequires: ts.Node[] = [];
    const onImport = (node: ts.Node) => {
      importsAndRequires.push(node);
    };
    const visitor: Record<number, (node: ts.Node) => void> = {
      [SyntaxKind.Identifier]: (node) => scopes.add(node as ts.Identifier),
      [SyntaxKind.ImportDeclaration]: onImport,
      [SyntaxKind.ImportEqualsDeclaration]: onImport,
      [SyntaxKind.NewExpression]: onConstruction,
      [SyntaxKind.CallExpression]: (node) => {
        onConstruction(node);
        const callee = (node as ts.CallExpression).expression;
        if (callee.kind === IDENTIFIER_KIND && (callee as ts.Identifier).text === 'require' && requiredModule(node as ts.CallExpression) !== undefined) {
          importsAndRequires.push(node);
        }
        if (callee.kind === MEMBER_CALL_KIND) {
          const name = (callee as ts.PropertyAccessExpression).name.text;
          const list = memberCalls.get(name);
          if (list) list.push(node as ts.CallExpression);
          else memberCalls.set(name, [node as ts.CallExpression]);
        }
      },
    };
    for (const kind of EFFECT_KINDS) visitor[kind] = onEffect;

    return {
      ...visitor,
      fileEnd() {
        const imported: ImportedNames = new Map();
        for (const node of importsAndRequires) addImportedNames(node, imported);
        const matched = new Map<Construction, FactoryPattern>();
        const plainClasses = new PlainClassCheck(scopes, effectNodes);
        for (const node of constructions) {
          if (!mightMatch(node, patterns, imported)) continue;
          const match = matchFactory(node, patterns, scopes);
          // A logger class of this file that only stores its options holds nothing when dropped.
          if (match && !(match.pattern.isClassName && isNewExpression(node) && plainClasses.isPlainConstruction(node))) {
            matched.set(node, match.pattern);
          }
        }
        if (matched.size === 0) return;
        const lifetime = new LoggerLifetime(context.text, scopes, memberCalls, context.options.checkConstructors);
        const reported = new Set<ts.Node>();
        for (const [node, pattern] of matched) {
          // A transport built inside a logger's own construction is part of that one finding.
          if (isArgumentOfAnother(node, matched)) continue;
          for (const found of lifetime.perCallSites(node)) {
            if (reported.has(found.site)) continue;
            reported.add(found.site);
            context.report(describeFinding(found, pattern));
          }
        }

        function describeFinding(found: PerCallSite, pattern: FactoryPattern): ReportDescriptor {
          const noun = pattern.text.includes('transports') ? 'A logging transport' : 'A logger';
          const construction = found.via.length > 0 ? found.via[found.via.length - 1] : found.site;
          const what = found.via.length > 0
            ? `${describe(found.site, scopes, context.text)}, which returns ${describe(construction, scopes, context.text)}`
            : describe(found.site, scopes, context.text);
          const message = found.context.kind === 'instance'
            ? `${noun} (${what}) is constructed for every instance of this class; create it once at module level (or in a static field) and share it.`
            : `${noun} (${what}) is constructed on every call of this function; create it once (at module level or in the constructor) and reuse it.`;
          const descriptor: ReportDescriptor = { node: found.site, message };
          if (found.via.length > 0) {
            descriptor.related = [{ node: construction, message: 'The helper constructs the logger here, on every call.' }];
            return descriptor;
          }
          const move = moveToModuleLevel(found.site, {
            text: context.text,
            scopes,
            effectNodes,
            isConstruction: (inner) => matched.has(inner),
            originOf: (inner) => calleeOrigin(inner.expression, scopes),
            lineBreak: lineBreakOf(context.text),
          });
          if (move.fix) descriptor.fix = move.fix;
          if (move.suggestion) descriptor.suggestions = [move.suggestion];
          return descriptor;
        }
      },
    };
  },
});

/** True when `node` is (inside) an argument of another matched construction in the same function. */
function isArgumentOfAnother(node: ts.Node, matched: ReadonlyMap<Construction, unknown>): boolean {
  for (let current = node.parent; current && !isFunctionLike(current) && !isSourceFile(current); current = current.parent) {
    if ((isCallExpression(current) || isNewExpression(current)) && matched.has(current) && current.expression !== node) return true;
  }
  return false;
}
