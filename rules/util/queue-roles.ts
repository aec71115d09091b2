import ts from 'typescript';
import { skipOuterWrappers } from '../../server/engine/facts';
import { calleeName, dottedName } from './ast';
import { localAliasDeclaration, type QueueSiteCollector, type QueueUse } from './queue-candidates';
import {
  isArithmetic,
  isComparison,
  isEmptyArray,
  isFreshArray,
  isLengthMinus,
  isLengthRead,
  isNullish,
  methodCallOn,
  numericValue,
  referenceText,
  unwrap,
} from './queue-expressions';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isArrayLiteralExpression, isArrowFunction, isBinaryExpression, isCallExpression,
  isElementAccessExpression, isForStatement, isIdentifier, isNewExpression,
  isParenthesizedExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment,
  isPropertyDeclaration, isReturnStatement, isSpreadElement, isStringLiteral,
  isVariableDeclaration,
} = ts;

/** What one use of a long-lived array does to it, read from the use and the code right around it. */

export type Role =
  /** Adds at the back: push, `x[x.length] = v`, `x = [...x, v]`, `x = x.concat(v)`. */
  | 'append-back'
  /** Adds at the front: unshift, `x = [v, ...x]`. */
  | 'append-front'
  /** Adds in the middle: splice with items. */
  | 'insert'
  /** Takes from the front: shift, splice(0, n), `x = x.slice(n)`. */
  | 'take-front'
  /** Takes from the back: pop. */
  | 'take-back'
  /** Empties it: `x = []`, `x.length = 0`. A consumption when the same function read the contents first. */
  | 'clear'
  /** Takes everything at once: `splice(0)`, `splice(0, x.length)`. */
  | 'drain'
  /** Limits it: compares its length with a limit, truncates it, or hands its length to callers. */
  | 'bound'
  /** Reads the contents in place: iteration, forEach, slice(), … */
  | 'read'
  /** Reads the contents to build one value from them: join, Buffer.concat, String.fromCharCode(...x). */
  | 'assemble'
  /** Removes chosen items: `splice(i, 1)`, `x = x.filter(…)`. */
  | 'remove'
  /** Hands the array itself to other code, which may bound it or keep it: argument, return, stored elsewhere. */
  | 'pass'
  /** Stored in a local; that local's uses count. */
  | 'local-alias'
  /** A local holding its length; that local's comparisons count. */
  | 'length-local'
  /** Replaced by something that is not known to be a fresh array: not one array we can follow. */
  | 'foreign'
  | 'neutral';

const READ_METHODS = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'join', 'slice', 'concat', 'some', 'every', 'entries', 'values',
  'keys', 'flat', 'flatMap', 'toSorted', 'toReversed', 'find', 'findIndex', 'findLast', 'findLastIndex', 'includes',
  'indexOf', 'lastIndexOf', 'at',
]);

/** Callees that read an array they are given and keep no reference to it. */
const READING_CALLEES = /^(Array\.(from|isArray)|Promise\.(all|allSettled|race|any)|JSON\.stringify|console\.\w+|util\.inspect|Math\.(max|min))$/;

/** Callees that build one value (a string, a buffer) out of the items: the array is a builder, not a queue. */
const ASSEMBLING_CALLEES = /^(Buffer\.(concat|from)|String(\.fromCharCode|\.fromCodePoint)?|(Uint8|Uint16|Uint32|Int8|Int16|Int32|Float32|Float64)Array(\.from)?|Blob)$/;

export function isAppend(role: Role): boolean {
  return role === 'append-back' || role === 'append-front' || role === 'insert';
}

export function assignedValue(use: QueueUse): ts.Expression {
  return (use.context as ts.BinaryExpression).right;
}

export function roleOf(use: QueueUse, sourceFile: ts.SourceFile, viaAlias: boolean): Role {
  const receiver = referenceText(use.node, sourceFile);
  switch (use.kind) {
    case 'call': {
      const role = callRole(use.member!, use.call as ts.CallExpression);
      return role === 'read' && storedInMember(use.call!) ? 'assemble' : role;
    }
    case 'member-read':
      return use.member === 'length' ? lengthRole(use.context) : 'neutral';
    case 'member-write': {
      if (use.member !== 'length') return 'neutral';
      const value = (use.context as ts.BinaryExpression).right;
      const isClear = use.operator === SyntaxKind.EqualsToken && value !== undefined && numericValue(value) === 0;
      return isClear ? 'clear' : 'bound';
    }
    case 'element-write': {
      const access = skipOuterWrappers(use.node).parent;
      const index = isElementAccessExpression(access) ? unwrap(access.argumentExpression) : undefined;
      const appendsAtEnd = index !== undefined && isPropertyAccessExpression(index) && index.name.text === 'length' &&
        referenceText(index.expression, sourceFile) === receiver;
      return appendsAtEnd ? 'append-back' : 'neutral';
    }
    case 'assign':
      // Pointing a local alias elsewhere leaves the array alone.
      if (viaAlias) return 'neutral';
      return use.operator === SyntaxKind.EqualsToken
        ? assignRole(assignedValue(use), receiver, sourceFile)
        : lazyInitRole(assignedValue(use));
    case 'update':
      return viaAlias ? 'neutral' : 'foreign';
    case 'iterate':
      return spreadIntoAssembler(use) ? 'assemble' : 'read';
    case 'argument': {
      const callee = use.call ? dottedName(use.call.expression) : undefined;
      if (use.call && isAssembly(use.call)) return 'assemble';
      return callee !== undefined && READING_CALLEES.test(callee) ? 'read' : 'pass';
    }
    case 'return':
      return 'pass';
    case 'alias':
      return !viaAlias && localAliasDeclaration(use) ? 'local-alias' : 'pass';
    default:
      return 'neutral';
  }
}

function callRole(member: string, call: ts.CallExpression): Role {
  switch (member) {
    case 'push':
      return call.arguments.length > 0 ? 'append-back' : 'neutral';
    case 'unshift':
      return call.arguments.length > 0 ? 'append-front' : 'neutral';
    case 'shift':
      return 'take-front';
    case 'pop':
      return 'take-back';
    case 'splice':
      return spliceRole(call.arguments);
    case 'join':
      return 'assemble';
    default:
      return READ_METHODS.has(member) ? 'read' : 'neutral';
  }
}

/** `this.result = f(x)`: what is read is kept as one value, not handed on. */
function storedInMember(call: ts.CallExpression | ts.NewExpression): boolean {
  const outer = skipOuterWrappers(call);
  const parent = outer.parent;
  return isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken &&
    (isPropertyAccessExpression(parent.left) || isElementAccessExpression(parent.left));
}

/** `Buffer.concat(x)`, `flattenChunks(x)`, `this.result = f(x)`: a call building one value from the items. */
function isAssembly(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = dottedName(call.expression);
  if (callee !== undefined && ASSEMBLING_CALLEES.test(callee)) return true;
  const name = calleeName(call);
  return (name !== undefined && ASSEMBLING_NAMES.test(name)) || storedInMember(call);
}

const ASSEMBLING_NAMES = /^(flatten|concat|join|merge|combine|assemble)/i;

const TEARDOWN_NAMES = /^(on)?[_#]?(dispose|destroy|close|stop|shutdown|reset|clear|clean|teardown|abort|cancel|end|finali[sz]e|terminate|unload|deactivate|kill|detach|unsubscribe)/i;

export function isTeardown(fn: ts.SignatureDeclaration | undefined): boolean {
  const name = fn ? functionName(fn) : undefined;
  return name !== undefined && TEARDOWN_NAMES.test(name);
}

/** A function's name, or the name it is stored under (`x = function`, `X.prototype.m = function`, `m: () => …`). */
function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if (fn.name && (isIdentifier(fn.name) || isPrivateIdentifier(fn.name) || isStringLiteral(fn.name))) return fn.name.text;
  const outer = skipOuterWrappers(fn);
  const parent = outer.parent;
  if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || isPropertyDeclaration(parent)) &&
    (isIdentifier(parent.name) || isPrivateIdentifier(parent.name))) return parent.name.text;
  if (isBinaryExpression(parent) && parent.right === outer) {
    const target = unwrap(parent.left);
    if (isIdentifier(target)) return target.text;
    if (isPropertyAccessExpression(target)) return target.name.text;
  }
  return undefined;
}

/** `String.fromCharCode(...x)`: the items are spread into a call that builds one value. */
function spreadIntoAssembler(use: QueueUse): boolean {
  const spread = skipOuterWrappers(use.node).parent;
  if (!isSpreadElement(spread)) return false;
  const call = spread.parent;
  if (!isCallExpression(call) && !isNewExpression(call)) return false;
  return isAssembly(call);
}

/**
 * `splice(0, n)` takes from the front; `splice(0, x.length - n)` and `splice(n)` truncate to a
 * size; `splice(i, 1)` removes one item by position (a cancel, neither); extra arguments insert.
 */
function spliceRole(args: ts.NodeArray<ts.Expression>): Role {
  if (args.length === 0) return 'neutral';
  if (args.length >= 3) return 'insert';
  const start = numericValue(args[0]);
  if (start === 0) {
    if (args.length === 1 || isLengthRead(args[1])) return 'drain';
    if (isLengthMinus(args[1])) return 'bound';
    return 'take-front';
  }
  if (args.length === 2) return 'remove';
  if (args.length === 1) {
    const startsAtLimit = (start !== undefined && start > 0) ||
      (start === undefined && (isIdentifier(unwrap(args[0])) || isPropertyAccessExpression(unwrap(args[0]))) && !isLengthRead(args[0]));
    return startsAtLimit ? 'bound' : 'neutral';
  }
  return 'neutral';
}

/** `x ??= []`, `x ||= []`: creates the array the first time, empties nothing. */
function lazyInitRole(value: ts.Expression): Role {
  return isFreshArray(value) ? 'neutral' : 'foreign';
}

function assignRole(value: ts.Expression, receiver: string, sourceFile: ts.SourceFile): Role {
  const inner = unwrap(value);
  if (isNullish(inner) || isEmptyArray(inner)) return 'clear';
  // `x = x || []`: the same lazy creation, written out.
  if (isBinaryExpression(inner) && (inner.operatorToken.kind === SyntaxKind.BarBarToken ||
    inner.operatorToken.kind === SyntaxKind.QuestionQuestionToken) &&
    referenceText(inner.left, sourceFile) === receiver && isFreshArray(inner.right)) return 'neutral';
  if (isArrayLiteralExpression(inner)) {
    const spreads = inner.elements.filter(isSpreadElement);
    const selfAt = inner.elements.findIndex((element) => isSpreadElement(element) && referenceText(element.expression, sourceFile) === receiver);
    if (selfAt >= 0 && spreads.length === 1 && inner.elements.length > 1) return selfAt === 0 ? 'append-back' : 'append-front';
    // `[...x.slice(0, i), v, ...x.slice(i + 1)]`: rebuilt from its own items, not emptied.
    const rebuilds = spreads.some((element) => methodCallOn(element.expression, receiver, sourceFile) !== undefined ||
      referenceText(element.expression, sourceFile) === receiver);
    return rebuilds ? 'neutral' : 'clear';
  }
  if (isFreshArray(inner)) return 'clear';
  const own = methodCallOn(inner, receiver, sourceFile);
  if (!own) return 'foreign';
  switch (own.method) {
    case 'concat':
      return own.call.arguments.length > 0 ? 'append-back' : 'neutral';
    case 'slice':
      return sliceRole(own.call.arguments);
    case 'splice':
      return spliceRole(own.call.arguments);
    case 'filter':
      return 'remove';
    default:
      // map, sort…: the same items, rearranged.
      return 'neutral';
  }
}

/** `x = x.slice(-n)`, `x.slice(a, b)`, `x.slice(x.length - n)` keep a window; `x.slice(n)` drops what was processed. */
function sliceRole(args: ts.NodeArray<ts.Expression>): Role {
  if (args.length === 0) return 'neutral';
  if (args.length >= 2) return 'bound';
  const start = numericValue(args[0]);
  if ((start !== undefined && start < 0) || isLengthMinus(args[0])) return 'bound';
  return 'take-front';
}

/**
 * What a read of `x.length` says: compared with a limit (a bound), returned to callers (who may
 * bound it: counted as a bound), stored in a local (its comparisons decide), or nothing.
 * Comparisons with 0 or 1 are emptiness checks, and a `for` condition walks the items.
 */
function lengthRole(lengthAccess: ts.Node): Role {
  const position = lengthPosition(lengthAccess);
  if (position.kind === 'comparison') return position.isLimit ? 'bound' : 'neutral';
  if (position.kind === 'returned') return 'bound';
  if (position.kind === 'stored') return 'length-local';
  return 'neutral';
}

type LengthPosition =
  | { kind: 'comparison'; isLimit: boolean }
  | { kind: 'returned' }
  | { kind: 'stored'; local: ts.VariableDeclaration }
  | { kind: 'other' };

function lengthPosition(node: ts.Node): LengthPosition {
  let current = skipOuterWrappers(node);
  while (isArithmetic(current.parent)) current = skipOuterWrappers(current.parent);
  const parent = current.parent;
  if (isComparison(parent)) {
    const other = parent.left === current ? parent.right : parent.left;
    const value = numericValue(other);
    const isEmptinessCheck = value === 0 || value === 1;
    return { kind: 'comparison', isLimit: !isEmptinessCheck && !isIndex(other) && !isForCondition(parent) };
  }
  if (isReturnStatement(parent) || (isArrowFunction(parent) && parent.body === current)) return { kind: 'returned' };
  if (isVariableDeclaration(parent) && parent.initializer === current && isIdentifier(parent.name)) return { kind: 'stored', local: parent };
  return { kind: 'other' };
}

const INDEX_NAME = /^(i|j|k|idx|index|pos|position|offset|cursor|ptr)$|(Index|Idx|Pos|Position|Offset|Cursor)$/;

/** `i < q.length`, `this.cursor >= q.length`: a position walking the items, not a limit. */
function isIndex(expression: ts.Expression): boolean {
  const inner = unwrap(expression);
  const name = isIdentifier(inner) ? inner.text : isPropertyAccessExpression(inner) ? inner.name.text : undefined;
  return name !== undefined && INDEX_NAME.test(name);
}

function isForCondition(comparison: ts.Node): boolean {
  let current = comparison;
  while (isParenthesizedExpression(current.parent) ||
    (isBinaryExpression(current.parent) && (current.parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken ||
      current.parent.operatorToken.kind === SyntaxKind.BarBarToken))) {
    current = current.parent;
  }
  return isForStatement(current.parent) && current.parent.condition === current;
}

/** `const n = q.length; if (n >= max) …`: the local's uses decide. */
export function lengthLocalIsBound(use: QueueUse, collector: QueueSiteCollector): boolean {
  const stored = lengthPosition(use.context);
  if (stored.kind !== 'stored') return false;
  return collector.localUses(stored.local).some((local) => {
    const position = lengthPosition(local.node);
    return (position.kind === 'comparison' && position.isLimit) || position.kind === 'returned';
  });
}
