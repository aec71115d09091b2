import ts from 'typescript';
import type { JsonSchema } from '../../server/engine/schema';
import { dottedName } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { isIdentifier, isPropertyAccessExpression, isStringLiteralLike } = ts;

/** One configured pair: a call and the companion calls of which one must also be made in scope. */
export interface PairOption {
  call: string;
  requires: string[];
  scope?: PairScope;
  sameReceiver?: boolean;
  sameArguments?: boolean;
  resultReleases?: boolean;
  awaitedOnly?: boolean;
  autofix?: boolean;
}

export type PairScope = 'function' | 'class' | 'module';

export interface Pair {
  call: string;
  requires: string[];
  scope: PairScope;
  sameReceiver: boolean;
  sameArguments: boolean;
  /** The call returns what releases it (a release function, a disposable, a handle): keeping the result is enough here. */
  resultReleases: boolean;
  /**
   * Only an awaited call takes anything. JavaScript locks are asynchronous; a plain `x.lock()`
   * statement is a state flag (freeze a level, stop rewiring a pipeline), not a held resource.
   */
  awaitedOnly: boolean;
  /** Whether `--fix` may insert the companion (function scope only); otherwise it is a suggestion. */
  autofix: boolean;
}

export const DEFAULT_PAIRS: readonly PairOption[] = [
  { call: 'compactHead', requires: ['compactOOOHead'], scope: 'function', sameReceiver: true, sameArguments: false },
  { call: 'acquire', requires: ['release', 'destroy'], scope: 'function', sameReceiver: false, sameArguments: false, resultReleases: true, autofix: false },
  { call: 'lock', requires: ['unlock'], scope: 'function', sameReceiver: false, sameArguments: false, resultReleases: true, awaitedOnly: true, autofix: false },
  { call: 'console.time', requires: ['console.timeEnd'], scope: 'module', sameReceiver: false, sameArguments: true },
  { call: 'performance.mark', requires: ['performance.clearMarks'], scope: 'module', sameReceiver: false, sameArguments: false },
  { call: 'performance.measure', requires: ['performance.clearMeasures'], scope: 'module', sameReceiver: false, sameArguments: false },
];

const NAME_PATTERN = '^[A-Za-z_$#][\\w$]*(\\.[A-Za-z_$#][\\w$]*)*$';

export const PAIR_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    call: { type: 'string', pattern: NAME_PATTERN, description: 'The called member or function name (`acquire`), or a dotted name (`console.time`).' },
    requires: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: NAME_PATTERN },
      description: 'Companion calls; calling any one of them in scope is enough.',
    },
    scope: { type: 'string', enum: ['function', 'class', 'module'], description: 'Where the companion must be called. Default "function".' },
    sameReceiver: { type: 'boolean', description: 'The companion must be called on the same receiver expression (`this.db`). Default false.' },
    sameArguments: { type: 'boolean', description: 'The companion must get the same first argument. Default false.' },
    resultReleases: {
      type: 'boolean',
      description: 'The call returns what releases it (a release function, a disposable); keeping, returning or passing on the result is enough. Default false.',
    },
    awaitedOnly: {
      type: 'boolean',
      description: 'Only an awaited call counts (an asynchronous lock); a plain call is taken for a state flag. Default false.',
    },
    autofix: { type: 'boolean', description: 'Let --fix insert the companion (function scope only); false makes it a suggestion. Default true.' },
  },
  required: ['call', 'requires'],
  additionalProperties: false,
};

export function normalizePair(option: PairOption): Pair {
  return {
    call: option.call,
    requires: option.requires,
    scope: option.scope ?? 'function',
    sameReceiver: option.sameReceiver ?? false,
    sameArguments: option.sameArguments ?? false,
    resultReleases: option.resultReleases ?? false,
    awaitedOnly: option.awaitedOnly ?? false,
    autofix: option.autofix ?? true,
  };
}

/** The parts of a call the pairs are matched on. */
export interface CallShape {
  /** `this.db.compactHead` (undefined when the callee is not a plain chain). */
  dotted: string | undefined;
  /** `compactHead`. */
  member: string | undefined;
  /** `this.db`, normalized; undefined for a plain function call. */
  receiver: string | undefined;
}

/** Receiver text compared without whitespace, `?.` or `!`, so `this.db?.x()` and `this.db.y()` share a receiver. */
export function normalizedText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return sourceFile.text.slice(node.getStart(sourceFile), node.getEnd()).replace(/\s+/g, '').replace(/\?\./g, '.').replace(/!(?!=)/g, '');
}

export function shapeOf(callee: ts.Expression, sourceFile: ts.SourceFile): CallShape {
  const dotted = dottedName(callee);
  if (isPropertyAccessExpression(callee)) {
    return { dotted, member: callee.name.text, receiver: normalizedText(callee.expression, sourceFile) };
  }
  if (isIdentifier(callee)) return { dotted, member: callee.text, receiver: undefined };
  return { dotted, member: undefined, receiver: undefined };
}

/** A dotted name (`console.time`) matches the end of the callee's chain; a plain name, the called member. */
export function matchesName(name: string, shape: CallShape): boolean {
  if (name.includes('.')) return shape.dotted !== undefined && (shape.dotted === name || shape.dotted.endsWith(`.${name}`));
  return shape.member === name;
}

/** The part of the callee's chain before a matched dotted name: `window.` for `window.performance.mark`. */
export function prefixBefore(name: string, shape: CallShape): string {
  if (!name.includes('.') || shape.dotted === undefined) return '';
  return shape.dotted.slice(0, shape.dotted.length - name.length);
}

/** The last part of a name: what a call's member must be for it to possibly match. */
export function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** First arguments compared by value for strings, by normalized text otherwise; two missing ones are equal. */
export function sameFirstArgument(a: ts.CallExpression, b: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const first = a.arguments[0];
  const second = b.arguments[0];
  if (!first || !second) return !first && !second;
  if (isStringLiteralLike(first) && isStringLiteralLike(second)) return first.text === second.text;
  return normalizedText(first, sourceFile) === normalizedText(second, sourceFile);
}

/** Words of a camelCase or snake_case name, lower case: `acquireLock` gives `acquire`, `lock`. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}
