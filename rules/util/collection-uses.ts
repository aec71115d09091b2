import ts from 'typescript';
import type { BindingUse } from '../../server/engine/facts';
import { dottedName } from './ast';
import type { CollectionKind } from './collection-kind';
import { skipInnerWrappers } from './collection-kind';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isCallExpression, isElementAccessExpression, isForStatement,
  isIdentifier, isNewExpression, isNumericLiteral, isParenthesizedExpression,
  isPropertyAccessExpression,
} = ts;

/** Members that add entries, remove them, or read the whole collection, per kind. */
interface KindApi {
  add: ReadonlySet<string>;
  remove: ReadonlySet<string>;
  /** Members that see every entry or the count: a WeakMap/WeakSet could not replace the collection. */
  whole: ReadonlySet<string>;
  /** The members a WeakMap or WeakSet also has; undefined when no weak counterpart fits. */
  weak?: ReadonlySet<string>;
}

const ITERATION = ['size', 'keys', 'values', 'entries', 'forEach'];
const API: Record<CollectionKind, KindApi> = {
  Map: {
    add: new Set(['set']),
    remove: new Set(['delete', 'clear']),
    whole: new Set(ITERATION),
    weak: new Set(['get', 'set', 'has', 'delete']),
  },
  Set: {
    add: new Set(['add']),
    remove: new Set(['delete', 'clear']),
    whole: new Set([...ITERATION, 'union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom']),
    weak: new Set(['add', 'has', 'delete']),
  },
  array: {
    add: new Set(['push', 'unshift']),
    remove: new Set(['pop', 'shift', 'splice']),
    whole: new Set(),
  },
  dictionary: {
    add: new Set(),
    remove: new Set(),
    whole: new Set(),
  },
};

/**
 * Calls that read a collection they are handed without keeping it or emptying it, so passing
 * the collection to them is not an escape.
 */
const READING_CALLS = new Set([
  'Object.keys', 'Object.values', 'Object.entries', 'Object.getOwnPropertyNames', 'Object.getOwnPropertySymbols',
  'Object.hasOwn', 'Object.prototype.hasOwnProperty.call', 'Object.prototype.propertyIsEnumerable.call',
  'hasOwnProperty.call', 'hasOwn.call', 'Reflect.has', 'Reflect.ownKeys', 'Array.from', 'Array.isArray',
  'JSON.stringify', 'String', 'Boolean', 'Number', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any',
  'console.log', 'console.info', 'console.warn', 'console.error', 'console.debug', 'console.trace', 'console.dir',
  'console.table', 'util.inspect', 'inspect',
]);
/** `new Set(x)`, `new Map(x)` copy their argument. */
const COPYING_CONSTRUCTORS = new Set(['Set', 'Map', 'WeakSet', 'WeakMap', 'Array']);

export interface AddSite {
  use: BindingUse;
  /** Where to point: the call or the assignment. */
  node: ts.Node;
  /** The key the entry is stored under (the element for a Set or an array), when there is one. */
  key: ts.Expression | undefined;
}

export interface CollectionUsage {
  /** Entries added in a function that runs more than once per collection. */
  adds: AddSite[];
  /** `delete`, `clear`, `splice`, `pop`, `shift`, `length = …`, `delete d[k]`, or a reassignment. */
  removed: boolean;
  /** The size or length is compared with a limit. */
  bounded: boolean;
  /** Passed on, returned, or stored elsewhere: someone else may empty it. */
  escapes: boolean;
  /** Something sees the whole collection (its size, its entries) or uses a member a weak collection lacks. */
  needsStrong: boolean;
}

function calleeDottedName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  return dottedName(call.expression);
}

function isEmptinessLimit(expression: ts.Expression): boolean {
  const limit = skipInnerWrappers(expression);
  return isNumericLiteral(limit) && (limit.text === '0' || limit.text === '1');
}

const LIMIT_WORD = /max|limit|capacity|threshold|bound|budget|quota|^cap$|Cap$/i;
const CONSTANT_CASE = /^[A-Z][A-Z0-9_]+$/;

function isLimitName(name: string): boolean {
  return LIMIT_WORD.test(name) || CONSTANT_CASE.test(name);
}

/** A number or a name that reads like a configured limit: `1000`, `MAX_ENTRIES`, `this.maxSize`. */
function looksLikeLimit(expression: ts.Expression, depth = 0): boolean {
  const limit = skipInnerWrappers(expression);
  if (isNumericLiteral(limit)) return !isEmptinessLimit(limit);
  if (isIdentifier(limit)) return isLimitName(limit.text);
  if (isPropertyAccessExpression(limit)) return isLimitName(limit.name.text);
  if (isBinaryExpression(limit) && depth < 2) return looksLikeLimit(limit.left, depth + 1) || looksLikeLimit(limit.right, depth + 1);
  return false;
}

function isRelational(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.GreaterThanToken || kind === SyntaxKind.GreaterThanEqualsToken ||
    kind === SyntaxKind.LessThanToken || kind === SyntaxKind.LessThanEqualsToken ||
    kind === SyntaxKind.EqualsEqualsEqualsToken || kind === SyntaxKind.EqualsEqualsToken ||
    kind === SyntaxKind.ExclamationEqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsToken;
}

/** `sizeExpression` (e.g. `m.size`) compared with a limit, outside a `for` loop's condition. */
function isComparedWithLimit(sizeExpression: ts.Node): boolean {
  let outer: ts.Node = sizeExpression;
  while (isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const comparison = outer.parent;
  if (!isBinaryExpression(comparison) || !isRelational(comparison.operatorToken.kind)) return false;
  if (isForStatement(comparison.parent) && comparison.parent.condition === comparison) return false;
  const other = comparison.left === outer ? comparison.right : comparison.left;
  return looksLikeLimit(other);
}

/** `Object.keys(d).length > MAX` */
function boundsThroughKeys(use: BindingUse): boolean {
  const call = use.call;
  if (!call || !isCallExpression(call) || call.arguments[0] !== use.node) return false;
  const name = calleeDottedName(call);
  if (name !== 'Object.keys' && name !== 'Object.values' && name !== 'Object.entries' && name !== 'Object.getOwnPropertyNames') return false;
  const access = call.parent;
  return isPropertyAccessExpression(access) && access.expression === call && access.name.text === 'length' && isComparedWithLimit(access);
}

function addKeyOf(use: BindingUse): ts.Expression | undefined {
  if (use.call && isCallExpression(use.call)) return use.call.arguments[0];
  if (isBinaryExpression(use.context)) {
    const target = skipInnerWrappers(use.context.left);
    if (isElementAccessExpression(target)) return target.argumentExpression;
  }
  return undefined;
}

/**
 * Sorts every use of a collection binding into adds, removals, bounds, escapes and whole-collection
 * reads. `initializingUses` are the assignments that make the collection; adds for which
 * `runsRepeatedly` is false are one-off setup and do not count as growth.
 */
export function collectionUsage(
  kind: CollectionKind,
  uses: readonly BindingUse[],
  initializingUses: ReadonlySet<BindingUse>,
  runsRepeatedly: (use: BindingUse) => boolean,
): CollectionUsage {
  const api = API[kind];
  const usage: CollectionUsage = { adds: [], removed: false, bounded: false, escapes: false, needsStrong: api.weak === undefined };
  const addSite = (use: BindingUse) => {
    if (runsRepeatedly(use)) usage.adds.push({ use, node: use.context, key: addKeyOf(use) });
  };
  for (const use of uses) {
    if (initializingUses.has(use) || use.inInitializer) continue;
    switch (use.kind) {
      case 'call': {
        const member = use.member!;
        if (api.add.has(member)) addSite(use);
        else if (api.remove.has(member)) usage.removed = true;
        if (api.whole.has(member)) usage.needsStrong = true;
        if (api.weak && !api.weak.has(member)) usage.needsStrong = true;
        break;
      }
      case 'member-read':
        usage.needsStrong = true;
        // `const drop = m.delete.bind(m)`: the removal happens through a reference we cannot follow.
        if (use.member !== undefined && api.remove.has(use.member)) usage.removed = true;
        if ((use.member === 'size' || use.member === 'length') && isComparedWithLimit(use.context)) usage.bounded = true;
        break;
      case 'member-write':
        if (kind === 'array' && use.member === 'length') usage.removed = true;
        else if (kind === 'dictionary') addSite(use);
        break;
      case 'element-write':
        if (kind === 'dictionary') addSite(use);
        break;
      case 'member-delete':
        usage.removed = true;
        break;
      case 'assign':
      case 'update':
        usage.removed = true;
        break;
      case 'iterate':
        usage.needsStrong = true;
        break;
      case 'argument':
        usage.needsStrong = true;
        if (boundsThroughKeys(use)) usage.bounded = true;
        if (isObjectAssignTarget(use)) addSite(use);
        else if (!isReadingCall(use)) usage.escapes = true;
        break;
      case 'return':
      case 'alias':
        usage.escapes = true;
        break;
      case 'element-read':
      case 'read':
        break;
    }
  }
  return usage;
}

function isReadingCall(use: BindingUse): boolean {
  const call = use.call;
  if (!call) return false;
  if (isNewExpression(call)) return isIdentifier(call.expression) && COPYING_CONSTRUCTORS.has(call.expression.text);
  const name = calleeDottedName(call);
  if (name === undefined) return false;
  if (READING_CALLS.has(name)) return true;
  // `Object.assign(target, d)` reads `d` when it is not the target.
  return name === 'Object.assign' && call.arguments[0] !== use.node && skipInnerWrappers(call.arguments[0]) !== use.node;
}

/** `Object.assign(d, more)` adds `more`'s keys to `d`. */
function isObjectAssignTarget(use: BindingUse): boolean {
  const call = use.call;
  return call !== undefined && isCallExpression(call) && calleeDottedName(call) === 'Object.assign' &&
    call.arguments.length > 0 && skipInnerWrappers(call.arguments[0]) === use.node;
}
