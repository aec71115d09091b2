import ts from 'typescript';
import type { Fix } from '../../server/engine/rule';
import { dottedName, indentationAt } from './ast';
import { isAwaited } from './companion-result';
import { prefixBefore, type CallShape, type Pair } from './companion-pairs';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBlock, isCaseClause, isClassLike, isDefaultClause, isExpressionStatement,
  isFunctionLike, isIdentifier, isLiteralExpression, isModuleBlock,
  isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isSourceFile, isTemplateExpression,
  isVariableStatement,
} = ts;

/**
 * "Add the missing `<companion>()` call": a statement calling the companion on the same
 * receiver, right after the statement that contains the call, awaited when the call was, with
 * the same first argument when the pair compares arguments.
 */

export function companionTitle(companion: string): string {
  return `Add the missing \`${companion}()\` call`;
}

/** The expression or variable statement, directly in a block, that contains the call (no function or nested statement between). */
function containingStatement(call: ts.CallExpression): ts.ExpressionStatement | ts.VariableStatement | undefined {
  for (let current: ts.Node = call.parent; current; current = current.parent) {
    if (isFunctionLike(current) || isClassLike(current)) return undefined;
    if (current.kind >= SyntaxKind.FirstStatement && current.kind <= SyntaxKind.LastStatement || isBlock(current)) {
      if (!isExpressionStatement(current) && !isVariableStatement(current)) return undefined;
      const parent = current.parent;
      const inBlock = isBlock(parent) || isSourceFile(parent) || isModuleBlock(parent) || isCaseClause(parent) || isDefaultClause(parent);
      return inBlock ? current : undefined;
    }
  }
  return undefined;
}

/** Expressions safe to evaluate a second time: names, member chains, literals, and templates of those. */
function isRepeatable(expression: ts.Expression): boolean {
  if (dottedName(expression) !== undefined) return true;
  if (isLiteralExpression(expression) || isNoSubstitutionTemplateLiteral(expression)) return true;
  if (isTemplateExpression(expression)) return expression.templateSpans.every((span) => isRepeatable(span.expression));
  return expression.kind === SyntaxKind.TrueKeyword || expression.kind === SyntaxKind.FalseKeyword ||
    expression.kind === SyntaxKind.NullKeyword;
}

/** The callee text for the companion: the same receiver or the same prefix before a dotted name. */
function companionCallee(call: ts.CallExpression, shape: CallShape, pair: Pair, companion: string, text: string): string | undefined {
  if (companion.includes('.')) return pair.call.includes('.') ? prefixBefore(pair.call, shape) + companion : companion;
  const callee = call.expression;
  if (isIdentifier(callee)) return companion;
  if (!isPropertyAccessExpression(callee) || dottedName(callee.expression) === undefined) return undefined;
  const receiver = text.slice(callee.expression.getStart(), callee.expression.getEnd());
  return `${receiver}${callee.questionDotToken ? '?.' : '.'}${companion}`;
}

export function addCompanionFix(call: ts.CallExpression, shape: CallShape, pair: Pair, text: string, lineBreak: string): Fix | undefined {
  const statement = containingStatement(call);
  if (!statement) return undefined;
  const companion = pair.requires[0];
  const callee = companionCallee(call, shape, pair, companion, text);
  if (callee === undefined) return undefined;
  let argument = '';
  if (pair.sameArguments && call.arguments.length > 0) {
    const first = call.arguments[0];
    if (!isRepeatable(first)) return undefined;
    argument = text.slice(first.getStart(), first.getEnd());
  }
  const indentation = indentationAt(text, statement.getStart());
  const awaitKeyword = isAwaited(call) ? 'await ' : '';
  const insertion = `${lineBreak}${indentation}${awaitKeyword}${callee}(${argument});`;
  return { title: companionTitle(companion), edits: [{ start: statement.getEnd(), end: statement.getEnd(), text: insertion }] };
}
