import ts from 'typescript';
import { skipOuterWrappers, type ImportFacts } from '../../server/engine/facts';
import type { Fix } from '../../server/engine/rule';
import { calleeName, dottedName } from './ast';
import { isUnboundedNumber, isUndefinedValue, unwrap } from './queue-expressions';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, factory, isCallExpression, isIdentifier, isNewExpression, isObjectLiteralExpression,
  isPropertyAccessExpression, isPropertyAssignment, isSpreadAssignment, isSpreadElement,
  isStringLiteral,
} = ts;

/**
 * Buffers that well-known APIs create without a bound: RxJS replay buffers, streams whose
 * highWaterMark is Infinity, and the team's own queue classes named in the `constructors` option.
 */

export interface ConstructorBound {
  name: string;
  /** The position of the bound, or of the options object holding `boundOption`. */
  boundArgument?: number;
  /** The options property holding the bound. */
  boundOption?: string;
}

export interface ApiFinding {
  node: ts.Node;
  message: string;
  suggestions: Fix[];
}

export const REPLAY_TITLE = 'Bound the buffer: replay only the latest value';

const WATER_MARKS = new Set(['highWaterMark', 'readableHighWaterMark', 'writableHighWaterMark']);

/** Node's long-standing default for byte streams (16 KiB), and its default for object-mode streams. */
export const BYTE_HIGH_WATER_MARK = 16384;
export const OBJECT_HIGH_WATER_MARK = 16;

/** Count-based WHATWG queuing: the mark counts chunks, not bytes. */
const COUNTING_CALLEES = new Set(['CountQueuingStrategy', 'ReadableStream', 'WritableStream', 'TransformStream']);

export function isWaterMarkProperty(node: ts.PropertyAssignment): boolean {
  const name = node.name;
  return (isIdentifier(name) || isStringLiteral(name)) && WATER_MARKS.has(name.text);
}

/** True when the file does not import `local` at all, or imports it from an RxJS package. */
function isRxjsName(local: string, imports: ReadonlyMap<string, ImportFacts>): boolean {
  const imported = imports.get(local);
  return imported === undefined || /rxjs/i.test(imported.module) || imported.module.startsWith('.');
}

function rootIdentifier(expression: ts.Expression): string | undefined {
  let current = unwrap(expression);
  while (isPropertyAccessExpression(current)) current = unwrap(current.expression);
  return isIdentifier(current) ? current.text : undefined;
}

function hasSpread(args: ts.NodeArray<ts.Expression> | undefined): boolean {
  return (args ?? []).some((argument) => isSpreadElement(argument));
}

/** `new ReplaySubject()`, `new ReplaySubject(Infinity)`, `new ReplaySubject(undefined, 1000)`. */
export function checkReplaySubject(node: ts.NewExpression, sourceFile: ts.SourceFile, imports: ReadonlyMap<string, ImportFacts>): ApiFinding | undefined {
  if (calleeName(node) !== 'ReplaySubject' || hasSpread(node.arguments)) return undefined;
  const root = rootIdentifier(node.expression);
  if (root === undefined || !isRxjsName(root, imports)) return undefined;
  const bufferSize = node.arguments?.[0];
  if (bufferSize && !isUnboundedNumber(bufferSize) && !isUndefinedValue(bufferSize)) return undefined;
  const written = `new ${node.expression.getText(sourceFile)}(${bufferSize ? bufferSize.getText(sourceFile) : ''})`;
  const edit = bufferSize
    ? { start: bufferSize.getStart(sourceFile), end: bufferSize.getEnd(), text: '1' }
    : node.arguments
      ? { start: node.arguments.pos, end: node.arguments.end, text: '1' }
      : { start: node.getEnd(), end: node.getEnd(), text: '(1)' };
  return {
    node,
    message: `\`${written}\` has no buffer size: it keeps every value ever emitted, to replay to late subscribers. Give it a buffer size.`,
    suggestions: [{ title: REPLAY_TITLE, edits: [edit] }],
  };
}

/** `shareReplay()`, `shareReplay(Infinity)`, `shareReplay({ refCount: true })` (bufferSize defaults to Infinity). */
export function checkShareReplay(node: ts.CallExpression, sourceFile: ts.SourceFile, imports: ReadonlyMap<string, ImportFacts>): ApiFinding | undefined {
  if (calleeName(node) !== 'shareReplay' || hasSpread(node.arguments)) return undefined;
  const root = rootIdentifier(node.expression);
  if (root === undefined || !isRxjsName(root, imports)) return undefined;
  const first = node.arguments[0];
  let edit: { start: number; end: number; text: string };
  if (!first) {
    edit = { start: node.arguments.pos, end: node.arguments.end, text: '{ bufferSize: 1, refCount: true }' };
  } else if (isUnboundedNumber(first) || isUndefinedValue(first)) {
    edit = { start: first.getStart(sourceFile), end: first.getEnd(), text: '1' };
  } else {
    const config = unwrap(first);
    if (!isObjectLiteralExpression(config) || config.properties.some((p) => isSpreadAssignment(p))) return undefined;
    const bufferSize = config.properties.find((p) => p.name !== undefined && isIdentifier(p.name) && p.name.text === 'bufferSize');
    if (bufferSize) {
      if (!isPropertyAssignment(bufferSize) || !(isUnboundedNumber(bufferSize.initializer) || isUndefinedValue(bufferSize.initializer))) return undefined;
      edit = { start: bufferSize.initializer.getStart(sourceFile), end: bufferSize.initializer.getEnd(), text: '1' };
    } else if (config.properties.length === 0) {
      edit = { start: config.getStart(sourceFile), end: config.getEnd(), text: '{ bufferSize: 1 }' };
    } else {
      const start = config.properties[0].getStart(sourceFile);
      edit = { start, end: start, text: 'bufferSize: 1, ' };
    }
  }
  return {
    node,
    message: `\`${node.expression.getText(sourceFile)}()\` without a finite \`bufferSize\` keeps every value the source has emitted. Pass \`{ bufferSize, refCount: true }\`.`,
    suggestions: [{ title: REPLAY_TITLE, edits: [edit] }],
  };
}

/** The call an options object is handed to directly: `new Readable({ … })`, `super({ … })`. */
function receivingCall(object: ts.ObjectLiteralExpression): ts.CallExpression | ts.NewExpression | undefined {
  const outer = skipOuterWrappers(object);
  const parent = outer.parent;
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.expression !== outer) return parent;
  return undefined;
}

function isTrueProperty(object: ts.ObjectLiteralExpression, name: string): boolean {
  return object.properties.some((p) => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === name &&
    unwrap(p.initializer).kind === SyntaxKind.TrueKeyword);
}

function finiteWaterMark(property: ts.PropertyAssignment, call: ts.CallExpression | ts.NewExpression | undefined): number {
  const object = property.parent as ts.ObjectLiteralExpression;
  const name = (property.name as ts.Identifier | ts.StringLiteral).text;
  const side = name === 'readableHighWaterMark' ? 'readableObjectMode' : name === 'writableHighWaterMark' ? 'writableObjectMode' : undefined;
  const counts = isTrueProperty(object, 'objectMode') || (side !== undefined && isTrueProperty(object, side)) ||
    (call !== undefined && COUNTING_CALLEES.has(calleeName(call) ?? ''));
  return counts ? OBJECT_HIGH_WATER_MARK : BYTE_HIGH_WATER_MARK;
}

/** `{ highWaterMark: Infinity }` and its readable/writable variants; reported on the call it is passed to. */
export function checkWaterMark(property: ts.PropertyAssignment, sourceFile: ts.SourceFile): ApiFinding | undefined {
  if (!isWaterMarkProperty(property) || !isUnboundedNumber(property.initializer)) return undefined;
  const call = receivingCall(property.parent as ts.ObjectLiteralExpression);
  const name = (property.name as ts.Identifier | ts.StringLiteral).text;
  const value = finiteWaterMark(property, call);
  return {
    node: call ?? property,
    message: `\`${name}: ${property.initializer.getText(sourceFile)}\` turns off backpressure: the stream buffers whatever is written to it, without limit.`,
    suggestions: [{
      title: `Bound the buffer: ${name} ${value}`,
      edits: [{ start: property.initializer.getStart(sourceFile), end: property.initializer.getEnd(), text: String(value) }],
    }],
  };
}

/** `stream.setDefaultHighWaterMark(objectMode, Infinity)`: every stream made afterwards is unbounded. */
export function checkDefaultWaterMark(node: ts.CallExpression, sourceFile: ts.SourceFile): ApiFinding | undefined {
  if (calleeName(node) !== 'setDefaultHighWaterMark' || node.arguments.length !== 2 || !isUnboundedNumber(node.arguments[1])) return undefined;
  const mark = node.arguments[1];
  const value = unwrap(node.arguments[0]).kind === SyntaxKind.TrueKeyword ? OBJECT_HIGH_WATER_MARK : BYTE_HIGH_WATER_MARK;
  return {
    node,
    message: `\`setDefaultHighWaterMark(…, ${mark.getText(sourceFile)})\` turns off backpressure for every stream created afterwards.`,
    suggestions: [{
      title: `Bound the buffer: highWaterMark ${value}`,
      edits: [{ start: mark.getStart(sourceFile), end: mark.getEnd(), text: String(value) }],
    }],
  };
}

export function matchesConstructor(node: ts.NewExpression, entry: ConstructorBound): boolean {
  return entry.name.includes('.') ? dottedName(node.expression) === entry.name : calleeName(node) === entry.name;
}

/** A missing or infinite value where the bound belongs: an absent argument or option, `undefined`, `Infinity`. */
function lacksValue(value: ts.Expression | undefined): boolean {
  return value === undefined || isUnboundedNumber(value) || isUndefinedValue(value);
}

/** The bound an options object gives, when it can be read: missing (undefined), unbounded, or set. */
function optionState(object: ts.ObjectLiteralExpression, option: string): 'missing' | 'unbounded' | 'set' | 'unknown' {
  const property = object.properties.find((p) => p.name !== undefined &&
    (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === option);
  if (!property) return object.properties.some((p) => isSpreadAssignment(p)) ? 'unknown' : 'missing';
  if (!isPropertyAssignment(property)) return 'set';
  return lacksValue(property.initializer) ? 'unbounded' : 'set';
}

/** A construction of a configured queue class without its bound; nothing when the arguments cannot be read. */
export function checkConfiguredConstructor(node: ts.NewExpression, entry: ConstructorBound, sourceFile: ts.SourceFile): ApiFinding | undefined {
  const args = node.arguments ?? factory.createNodeArray<ts.Expression>();
  if (hasSpread(args)) return undefined;
  let unbounded: boolean;
  if (entry.boundOption === undefined) {
    unbounded = entry.boundArgument !== undefined && lacksValue(args[entry.boundArgument]);
  } else if (entry.boundArgument !== undefined) {
    const holder = args[entry.boundArgument];
    const inner = holder ? unwrap(holder) : undefined;
    unbounded = inner === undefined || isUnboundedNumber(inner) || isUndefinedValue(inner) ||
      (isObjectLiteralExpression(inner) && ['missing', 'unbounded'].includes(optionState(inner, entry.boundOption)));
  } else {
    const objects = args.map(unwrap).filter(isObjectLiteralExpression);
    unbounded = args.length === 0 ||
      (objects.length > 0 && objects.every((object) => ['missing', 'unbounded'].includes(optionState(object, entry.boundOption!))));
  }
  if (!unbounded) return undefined;
  const where = [
    entry.boundArgument !== undefined && entry.boundOption === undefined ? `argument ${entry.boundArgument + 1}` : undefined,
    entry.boundOption !== undefined ? `the \`${entry.boundOption}\` option` : undefined,
  ].filter(Boolean).join(', ');
  return {
    node,
    message: `\`new ${node.expression.getText(sourceFile)}()\` is created without its bound (${where}), so it can grow without limit.`,
    suggestions: [],
  };
}

/** Cheap name checks for the visitors, so that only candidate nodes are kept until the file's end. */
export function mayBeUnboundedNew(node: ts.NewExpression, constructors: readonly ConstructorBound[]): boolean {
  const name = calleeName(node);
  return name === 'ReplaySubject' || constructors.some((entry) => matchesConstructor(node, entry));
}

export function mayBeUnboundedCall(node: ts.CallExpression): boolean {
  const name = calleeName(node);
  return name === 'shareReplay' || name === 'setDefaultHighWaterMark';
}
