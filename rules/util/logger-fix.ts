import ts from 'typescript';
import type { Fix, TextEdit } from '../../server/engine/rule';
import { indentationAt, isWithin } from './ast';
import { importOrigin, type CalleeOrigin } from './logger-factories';
import { nodesWithin, type Declaration, type ScopeIndex } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  NodeFlags, SyntaxKind, getLeadingCommentRanges, isArrowFunction, isAsExpression,
  isBinaryExpression, isCallExpression, isExpressionStatement, isFunctionLike, isIdentifier,
  isNewExpression, isNonNullExpression, isParenthesizedExpression, isPrivateIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isSatisfiesExpression, isSourceFile,
  isVariableDeclaration, isVariableDeclarationList, isVariableStatement,
} = ts;

/**
 * "Create the logger once, at module level": moves a construction to a module-level `const`
 * just above the top-level statement that contains it, and uses that name where it was.
 * Offered only when everything the expression reads exists at module level at that point
 * (imports, module constants declared above, globals); a `fix` when the expression does nothing
 * but construct, else a suggestion.
 */

export const MOVE_TITLE = 'Create the logger once, at module level';

export interface MoveInput {
  text: string;
  scopes: ScopeIndex;
  /** Calls, `new`s, `this`, `super`, `await`, `yield`, assignments, updates, deletes and tagged templates, in traversal order. */
  effectNodes: readonly ts.Node[];
  /** Whether an inner call is itself a logger construction (a transport, a format). */
  isConstruction: (node: ts.CallExpression | ts.NewExpression) => boolean;
  originOf: (node: ts.CallExpression | ts.NewExpression) => CalleeOrigin | undefined;
  lineBreak: string;
}

export interface MoveResult {
  fix?: Fix;
  suggestion?: Fix;
}

function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let current = node;
  while (current.parent && !isSourceFile(current.parent)) current = current.parent;
  return isSourceFile(current.parent) ? (current as ts.Statement) : undefined;
}

/** Where to insert above a statement: before the comments attached to it (no blank line between). */
function insertionPoint(text: string, statement: ts.Statement): number {
  let start = statement.getStart();
  const comments = getLeadingCommentRanges(text, statement.pos) ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = text.slice(comments[i].end, start);
    if (/\n[ \t]*\r?\n/.test(between)) break;
    start = comments[i].pos;
  }
  return start;
}

/** How a module-level binding can be read from a new module-level constant placed at `insertAt`. */
function isReadableAtModuleLevel(declaration: Declaration, insertAt: number): boolean {
  if (!isSourceFile(declaration.scope)) return false;
  if (declaration.kind === 'import') return true;
  if (declaration.node.end > insertAt) return false; // not initialized yet there
  if (declaration.kind === 'const' || declaration.kind === 'class' || declaration.kind === 'function') return true;
  // `var x = require('x')` is an import in all but name.
  return declaration.kind === 'var' && importOrigin(declaration.node) !== undefined;
}

type Verdict = 'pure' | 'effects' | 'impossible';

/** Whether the expression can move, and whether it does anything besides constructing loggers. */
function judgeExpression(site: ts.CallExpression | ts.NewExpression, input: MoveInput, insertAt: number): Verdict {
  const siteModule = input.originOf(site)?.module;
  let verdict: Verdict = 'pure';
  for (const node of nodesWithin(input.effectNodes, site)) {
    const kind = node.kind;
    if (kind === SyntaxKind.ThisKeyword || kind === SyntaxKind.SuperKeyword) {
      if (functionWithin(node, site, false)) continue;
      return 'impossible';
    }
    // Code inside a function within the expression does not run when the expression moves.
    if (functionWithin(node, site, true)) continue;
    if (kind === SyntaxKind.AwaitExpression || kind === SyntaxKind.YieldExpression) return 'impossible';
    if (isCallExpression(node) || isNewExpression(node)) {
      if (input.isConstruction(node)) continue;
      const module = input.originOf(node)?.module;
      if (module !== undefined && module === siteModule) continue; // `winston.format.json()` next to `winston.createLogger`
    }
    verdict = 'effects';
  }
  for (const reference of input.scopes.referencesWithin(site)) {
    if (reference.text === 'arguments') return 'impossible';
    const declaration = input.scopes.resolve(reference);
    if (!declaration || isWithin(declaration.node, site)) continue;
    if (!isReadableAtModuleLevel(declaration, insertAt)) return 'impossible';
  }
  return verdict;
}

/** True when `node` sits in a function inside `container`; `this` looks through arrows, so they count only with `arrowsCount`. */
function functionWithin(node: ts.Node, container: ts.Node, arrowsCount: boolean): boolean {
  for (let current = node.parent; current && current !== container; current = current.parent) {
    if (isFunctionLike(current) && (arrowsCount || !isArrowFunction(current))) return true;
  }
  return false;
}

function skipWrappersUp(node: ts.Node): ts.Node {
  let current = node;
  while (isParenthesizedExpression(current.parent) || isAsExpression(current.parent) || isNonNullExpression(current.parent) ||
    isSatisfiesExpression(current.parent)) {
    current = current.parent;
  }
  return current;
}

/** The name the logger had where it was made: the variable, field or property it went into. */
function nameFromContext(site: ts.Node): string | undefined {
  const outer = skipWrappersUp(site);
  const parent = outer.parent;
  let name: ts.Node | undefined;
  if (isVariableDeclaration(parent) && parent.initializer === outer) name = parent.name;
  else if (isPropertyAssignment(parent) && parent.initializer === outer) name = parent.name;
  else if (isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
    name = isPropertyAccessExpression(parent.left) ? parent.left.name : parent.left;
  }
  if (!name || !(isIdentifier(name) || isPrivateIdentifier(name))) return undefined;
  const text = name.text.replace(/^#/, '').replace(/^_+/, '');
  return /^[A-Za-z$][\w$]*$/.test(text) ? text : undefined;
}

function uniqueName(base: string, scopes: ScopeIndex): string {
  if (!scopes.isNameUsed(base) && !RESERVED.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}${suffix}`;
    if (!scopes.isNameUsed(candidate)) return candidate;
  }
}

const RESERVED = new Set(['arguments', 'eval', 'await', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

/**
 * The local `const x = <site>;` whose whole declaration can move, keeping its name: the only
 * declaration of that name in the file, with every reference to the name resolving to it.
 */
function movableDeclaration(site: ts.Node, scopes: ScopeIndex): ts.VariableStatement | undefined {
  const outer = skipWrappersUp(site);
  const declaration = outer.parent;
  if (!isVariableDeclaration(declaration) || declaration.initializer !== outer || !isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  if (!isVariableDeclarationList(list) || list.declarations.length !== 1 || !(list.flags & NodeFlags.Const)) return undefined;
  if (list.flags & NodeFlags.Using) return undefined;
  const statement = list.parent;
  if (!isVariableStatement(statement)) return undefined;
  const name = declaration.name.text;
  const declarations = scopes.declarationsOf(name);
  if (declarations.length !== 1 || declarations[0].node !== declaration) return undefined;
  if (scopes.referencesNamed(name).some((reference) => scopes.resolve(reference) !== declarations[0])) return undefined;
  return statement;
}

/** The range that removes a statement, with its whole line when it stands alone on it. */
function statementRemoval(text: string, statement: ts.Statement): TextEdit {
  const start = statement.getStart();
  const end = statement.getEnd();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(end, lineEnd))) {
    return { start: lineStart, end: lineEnd, text: '' };
  }
  const trailing = /^[ \t]*/.exec(text.slice(end))![0].length;
  return { start, end: end + trailing, text: '' };
}

/** The expression's text with the indentation of its old place taken off its continuation lines. */
function dedented(text: string, node: ts.Node, lineBreak: string): string {
  const indentation = indentationAt(text, node.getStart());
  const lines = text.slice(node.getStart(), node.getEnd()).split(/\r?\n/);
  return lines.map((line, i) => (i > 0 && line.startsWith(indentation) ? line.slice(indentation.length) : line)).join(lineBreak);
}

export function moveToModuleLevel(site: ts.CallExpression | ts.NewExpression, input: MoveInput): MoveResult {
  const statement = topLevelStatement(site);
  if (!statement) return {};
  const insertAt = insertionPoint(input.text, statement);
  const verdict = judgeExpression(site, input, insertAt);
  if (verdict === 'impossible') return {};

  const expression = dedented(input.text, site, input.lineBreak);
  const lineBreak = input.lineBreak;
  const outer = skipWrappersUp(site);
  if (isExpressionStatement(outer.parent)) {
    // The value was never used (`log4js.configure({...});`): the call itself moves.
    const edits = [statementRemoval(input.text, outer.parent), { start: insertAt, end: insertAt, text: `${expression};${lineBreak}${lineBreak}` }];
    const fix: Fix = { title: MOVE_TITLE, edits };
    return verdict === 'pure' ? { fix } : { suggestion: fix };
  }
  const movable = movableDeclaration(site, input.scopes);
  const edits: TextEdit[] = [];
  let name: string;
  if (movable) {
    name = (movable.declarationList.declarations[0].name as ts.Identifier).text;
    edits.push(statementRemoval(input.text, movable));
  } else {
    name = uniqueName(nameFromContext(site) ?? 'logger', input.scopes);
    edits.push({ start: site.getStart(), end: site.getEnd(), text: name });
  }
  edits.push({ start: insertAt, end: insertAt, text: `const ${name} = ${expression};${lineBreak}${lineBreak}` });
  const fix: Fix = { title: MOVE_TITLE, edits };
  return verdict === 'pure' ? { fix } : { suggestion: fix };
}
