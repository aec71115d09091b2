import ts from 'typescript';
import type { Fix, TextEdit } from '../../server/engine/rule';
import { indentationAt, isFunctionLike, lineBreakOf } from './ast';
import type { ProducerAppend } from './queue-analysis';
import type { QueueUse } from './queue-candidates';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrowFunction, isBinaryExpression, isBlock, isCallExpression, isCaseClause,
  isClassLike, isConditionalExpression, isDefaultClause, isExpressionStatement, isIdentifier,
  isIfStatement, isImportDeclaration, isImportEqualsDeclaration, isIterationStatement,
  isModuleBlock, isPropertyAccessExpression, isSourceFile, isStringLiteral, isVariableStatement,
} = ts;

/**
 * The two suggestions for an unbounded array queue: a guard before each producer's append that
 * drops the oldest item or throws when a module-level maximum is reached.
 */

export const DROP_OLDEST_TITLE = 'Bound the queue: drop the oldest item';
export const REJECT_WHEN_FULL_TITLE = 'Bound the queue: reject when full';

/** `pendingJobs` -> `PENDING_JOBS`, `_queue` -> `QUEUE`, `HTTPQueue` -> `HTTP_QUEUE`. */
export function upperSnakeCase(name: string): string {
  const words = name
    .replace(/^[#_$]+|[_$]+$/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_');
  return words.toUpperCase() || 'QUEUE';
}

export function maxSizeConstantName(name: string): string {
  return `MAX_${upperSnakeCase(name)}_SIZE`;
}

type Placement =
  /** A statement in a block: the guard goes on its own line before it. */
  | { kind: 'before'; statement: ts.Statement }
  /** The lone statement of an `if` or a loop: braces around the guard and it. */
  | { kind: 'wrap-statement'; statement: ts.Statement }
  /** The expression body of an arrow: a block body that guards and returns it. */
  | { kind: 'wrap-arrow'; body: ts.Expression };

function isStatementList(node: ts.Node): boolean {
  return isBlock(node) || isSourceFile(node) || isModuleBlock(node) || isCaseClause(node) || isDefaultClause(node);
}

/**
 * Where a guard can go so that it runs right before `append` and only when `append` runs; undefined
 * when the append is conditional within its statement (`a ? q.push(x) : 0`, `ok && q.push(x)`) or
 * in a loop header.
 */
function placementOf(append: ts.Node): Placement | undefined {
  let current = append;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (isArrowFunction(parent) && parent.body === current) return { kind: 'wrap-arrow', body: current as ts.Expression };
    if (isStatementList(parent)) return { kind: 'before', statement: current as ts.Statement };
    if (isIfStatement(parent)) {
      if (parent.expression === current) continue;
      return { kind: 'wrap-statement', statement: current as ts.Statement };
    }
    if (isIterationStatement(parent, false)) {
      return parent.statement === current ? { kind: 'wrap-statement', statement: current as ts.Statement } : undefined;
    }
    if (isConditionalExpression(parent) && parent.condition !== current) return undefined;
    if (isBinaryExpression(parent) && parent.right === current && (
      parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken ||
      parent.operatorToken.kind === SyntaxKind.BarBarToken ||
      parent.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) return undefined;
    if (isFunctionLike(parent) || isClassLike(parent)) return undefined;
  }
  return undefined;
}

function guardEdit(placement: Placement, guard: string, sourceFile: ts.SourceFile, lineBreak: string): TextEdit {
  const text = sourceFile.text;
  switch (placement.kind) {
    case 'before': {
      const start = placement.statement.getStart(sourceFile);
      return { start, end: start, text: `${guard}${lineBreak}${indentationAt(text, start)}` };
    }
    case 'wrap-statement': {
      const start = placement.statement.getStart(sourceFile);
      const end = placement.statement.getEnd();
      return { start, end, text: `{ ${guard} ${text.slice(start, end)} }` };
    }
    case 'wrap-arrow': {
      const start = placement.body.getStart(sourceFile);
      const end = placement.body.getEnd();
      return { start, end, text: `{ ${guard} return ${text.slice(start, end)}; }` };
    }
  }
}

function isImportLike(statement: ts.Statement): boolean {
  if (isImportDeclaration(statement) || isImportEqualsDeclaration(statement)) return true;
  if (!isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.every((declaration) => declaration.initializer !== undefined && isRequire(declaration.initializer));
}

/** `require('m')`, `require('m').x`, `__importDefault(require('m'))` as compilers emit it. */
function isRequire(expression: ts.Expression): boolean {
  if (isPropertyAccessExpression(expression)) return isRequire(expression.expression);
  if (!isCallExpression(expression)) return false;
  if (isIdentifier(expression.expression) && expression.expression.text === 'require') return true;
  return expression.arguments.length === 1 && isRequire(expression.arguments[0]);
}

/** Inserts `const <name> = 10_000;` after the imports (and requires) that open the file, or at its top. */
export function moduleConstantEdit(sourceFile: ts.SourceFile, constantName: string): TextEdit {
  const text = sourceFile.text;
  const lineBreak = lineBreakOf(text);
  const declaration = `const ${constantName} = 10_000;`;
  let lastImport: ts.Statement | undefined;
  let firstCode: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (isImportLike(statement)) {
      lastImport = statement;
      continue;
    }
    // Directives and `Object.defineProperty(exports, …)` preambles may sit among the imports.
    if (isExpressionStatement(statement) && !firstCode) {
      if (isStringLiteral(statement.expression)) continue;
      firstCode = statement;
      continue;
    }
    if (!firstCode) firstCode = statement;
    break;
  }
  if (lastImport) {
    const lineEnd = endOfLine(text, lastImport.getEnd());
    return { start: lineEnd, end: lineEnd, text: `${lineBreak}${declaration}` };
  }
  const start = firstCode ? firstCode.getStart(sourceFile, true) : text.length;
  return { start, end: start, text: `${declaration}${lineBreak}${lineBreak}` };
}

function endOfLine(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

export interface QueueFixInput {
  /** The declared name: `queue`, `#queue`. */
  name: string;
  producerAppends: ProducerAppend[];
  sourceFile: ts.SourceFile;
  /** Whether the module already declares the constant. */
  hasConstant: boolean;
}

/** Both suggestions, or none when some producer's append has no place for a guard. */
export function boundQueueSuggestions(input: QueueFixInput): Fix[] {
  const { sourceFile } = input;
  const lineBreak = lineBreakOf(sourceFile.text);
  const constantName = maxSizeConstantName(input.name);
  const plainName = input.name.replace(/^#/, '');
  const sites: Array<{ placement: Placement; receiver: string; dropOldest: string }> = [];
  const seen = new Set<number>();
  for (const { use, atFront } of input.producerAppends) {
    const append = appendExpression(use);
    const placement = placementOf(append);
    if (!placement) return [];
    const receiver = use.node.getText(sourceFile);
    const anchor = placement.kind === 'wrap-arrow' ? placement.body : placement.statement;
    if (seen.has(anchor.pos)) continue;
    seen.add(anchor.pos);
    // A queue filled at the front keeps its oldest item at the back.
    const dropOldest = atFront ? 'pop' : 'shift';
    sites.push({ placement, receiver, dropOldest });
  }
  const constant = input.hasConstant ? [] : [moduleConstantEdit(sourceFile, constantName)];
  const ranges = [...constant, ...sites.map((site) => guardEdit(site.placement, '', sourceFile, lineBreak))]
    .sort((a, b) => a.start - b.start);
  // Guards nested in one another (an arrow body wrapped around another append) cannot be applied together.
  if (ranges.some((range, i) => i > 0 && range.start < ranges[i - 1].end)) return [];
  const build = (title: string, action: (receiver: string, dropOldest: string) => string): Fix => ({
    title,
    edits: [
      ...constant,
      ...sites.map((site) => guardEdit(
        site.placement,
        `if (${site.receiver}.length >= ${constantName}) ${action(site.receiver, site.dropOldest)}`,
        sourceFile,
        lineBreak,
      )),
    ],
  });
  return [
    build(DROP_OLDEST_TITLE, (receiver, dropOldest) => `${receiver}.${dropOldest}();`),
    build(REJECT_WHEN_FULL_TITLE, () => `throw new Error('${plainName} is full');`),
  ];
}

/** The expression that appends: the call, the `x[x.length] = v` or `x = [...x, v]` assignment. */
function appendExpression(use: QueueUse): ts.Node {
  return use.call ?? use.context;
}
