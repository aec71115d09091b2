import rule from '../../rules/unbounded-chain';
import { ruleTester } from '../rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'spreading copies the properties; it does not keep the previous object',
      code: `let state = { count: 0 };\nexport function increment() { state = { ...state, count: state.count + 1 }; }`,
    },
    {
      name: 'a promise chain: a settled .then() does not pin what came before',
      code: `class Serializer {\n  private tail: Promise<void> = Promise.resolve();\n` +
        `  run(work: () => Promise<void>) { this.tail = this.tail.then(work); return this.tail; }\n}`,
    },
    {
      name: 'a stack with pop: this.head = this.head.next unlinks the newest',
      code: `class Stack<T> {\n  private head: { value: T; next: unknown } | undefined;\n` +
        `  push(value: T) { this.head = { value, next: this.head }; }\n` +
        `  pop() { const top = this.head; this.head = top?.next as never; return top?.value; }\n}`,
    },
    {
      name: 'reset elsewhere drops the whole chain',
      code: `class Scopes {\n  private current: { parent: unknown } | null = null;\n  enter() { this.current = { parent: this.current }; }\n  reset() { this.current = null; }\n}`,
    },
    {
      name: 'the back-pointer is set to null somewhere in the file',
      code: `class History {\n  private latest: Entry | undefined;\n  add(data: string) { this.latest = { prev: this.latest, data }; }\n` +
        `  trim(keep: Entry) { keep.prev = null; }\n}`,
    },
    {
      name: 'the back-pointer is deleted',
      code: `let last: any;\nexport function add(v: number) { last = { previous: last, v }; }\nexport function forget(e: any) { delete e.previous; }`,
    },
    {
      name: 'a depth counter next to the chain, compared with a limit',
      code: `class Undo {\n  private top: unknown;\n  private depth = 0;\n  save(s: unknown) {\n    this.top = { below: this.top, s };\n    this.depth++;\n  }\n` +
        `  canSave() { return this.depth < 50; }\n}`,
    },
    {
      name: 'guarded by a depth comparison',
      code: `const MAX_DEPTH = 10;\nclass Frames {\n  private frame: any;\n  private depth = 0;\n  push() {\n` +
        `    if (this.frame?.depth < MAX_DEPTH) this.frame = { parent: this.frame, depth: this.frame.depth + 1 };\n  }\n}`,
    },
    {
      name: 'a copying constructor (Date) does not keep its argument',
      code: `class Clock {\n  private now = new Date();\n  tick() { this.now = new Date(this.now); }\n}`,
    },
    {
      name: 'a class of this file whose constructor copies instead of keeping the argument',
      code: `class Version {\n  readonly major: number;\n  constructor(from: Version | undefined) { this.major = (from?.major ?? 0) + 1; }\n}\n` +
        `class Releases {\n  private current = new Version(undefined);\n  bump() { this.current = new Version(this.current); }\n}`,
    },
    {
      name: 'the constructor runs once per object',
      code: `class Node {\n  private head: unknown;\n  constructor(seed: unknown) {\n    this.head = { prev: this.head, seed };\n  }\n}`,
    },
    {
      name: 'module top level runs once',
      code: `let state: any = null;\nstate = { parent: state, step: 1 };\nstate = { parent: state, step: 2 };\nexport const final = () => state.step;`,
    },
    {
      name: 'a local chain dies with the function',
      code: `export function build(items: number[]) {\n  let list: any = null;\n  for (const i of items) list = { next: list, i };\n  return list;\n}`,
    },
    {
      name: 'a public field (checkPublic is off)',
      code: `export class Log {\n  latest: any;\n  add(e: string) { this.latest = { prev: this.latest, e }; }\n}`,
    },
    {
      name: 'a closure captures the variable, not the old value',
      code: `let state = 0;\nlet read: () => number = () => 0;\nexport function set(v: number) { state = v; read = () => state; }`,
    },
    {
      name: 'x = x || {} is not a new object holding x',
      code: `class Lazy {\n  private cache: Record<string, number> | undefined;\n  get() { this.cache = this.cache || {}; return this.cache; }\n}`,
    },
    {
      name: 'a reducer call returns a new state without holding the old one',
      code: `let state = init();\nexport function dispatch(action: unknown) { state = reducer(state, action); }`,
    },
    {
      name: 'holding the same field of another object is not a chain',
      code: `class Mirror {\n  private head: unknown;\n  copy(other: { head: unknown }) { this.head = { prev: other.head }; }\n}`,
    },
    {
      name: 'save and restore around a call',
      code: `class Ctx {\n  private ctx: any;\n  within(f: () => void) {\n    const saved = this.ctx;\n    this.ctx = { parent: saved };\n` +
        `    try { f(); } finally { this.ctx = saved; }\n  }\n}`,
    },
    {
      name: 'a WeakRef to the previous value does not keep it',
      code: `class Snapshots {\n  private latest: any;\n  apply(d: unknown) { this.latest = { prev: new WeakRef(this.latest), d }; }\n}`,
    },
  ],
  invalid: [
    {
      name: 'a back-pointer chain on a private field',
      code: `class Timeline {\n  private head: Entry | undefined;\n  record(event: string) {\n    this.head = { prev: this.head, event };\n  }\n}`,
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 43, message: 'keeps the previous one alive (through `prev`)' }],
    },
    {
      name: 'story 4: each new snapshot keeps the previous one (imported class)',
      code: `import { Snapshot } from './snapshot';\nclass MetadataImage {\n  private latest = Snapshot.empty();\n` +
        `  replay(delta: Delta) {\n    this.latest = new Snapshot(this.latest, delta);\n  }\n}`,
      errors: [{ line: 5, column: 5, message: 'the whole history stays in memory' }],
    },
    {
      name: 'a module variable: state = { ...x, parent: state }',
      code: `let state: any = {};\nexport function apply(x: object) {\n  state = { ...x, parent: state };\n}`,
      errors: [{ line: 3, column: 3, message: '`state`' }],
    },
    {
      name: 'a class of this file that keeps its argument as a parameter property',
      code: `class Link {\n  constructor(readonly prev: Link | undefined, readonly value: number) {}\n}\n` +
        `class Chain {\n  private tail: Link | undefined;\n  add(v: number) { this.tail = new Link(this.tail, v); }\n}`,
      errors: [{ line: 6, column: 20, message: 'through `new Link(…)`' }],
    },
    {
      name: 'a class of this file that keeps its argument in a field',
      code: `class Snapshot {\n  parent: Snapshot | undefined;\n  constructor(parent: Snapshot | undefined) {\n    this.parent = parent;\n  }\n}\n` +
        `class Catalog {\n  #current = new Snapshot(undefined);\n  commit() { this.#current = new Snapshot(this.#current); }\n}`,
      errors: [{ line: 9, column: 14, message: '`this.#current`' }],
    },
    {
      name: 'through a local copy of the previous value',
      code: `class Scopes {\n  private current: any;\n  enter(name: string) {\n    const prev = this.current;\n    this.current = { prev, name };\n  }\n}`,
      errors: [{ line: 5, column: 5, message: 'through `prev`' }],
    },
    {
      name: 'nested inside another object literal',
      code: `let state: any;\nexport function step(n: number) { state = { n, meta: { parent: state } }; }`,
      errors: [{ line: 2, column: 35, message: 'through `meta.parent`' }],
    },
    {
      name: 'inside an array literal',
      code: `class Journal {\n  private history: unknown[] = [];\n  add(entry: string) { this.history = [this.history, entry]; }\n}`,
      errors: [{ line: 3, column: 24, message: 'an array element' }],
    },
    {
      name: 'in a branch of a conditional',
      code: `class Trail {\n  private last: any;\n  mark(big: boolean) { this.last = big ? { prev: this.last, big } : { prev: this.last }; }\n}`,
      errors: [{ line: 3, column: 24 }],
    },
    {
      name: 'through Object.freeze',
      code: `class Frozen {\n  private state: any;\n  set(v: number) { this.state = Object.freeze({ v, previous: this.state }); }\n}`,
      errors: [{ line: 3, column: 20, message: '`previous`' }],
    },
    {
      name: 'a static field grows for the whole program',
      code: `class Registry {\n  private static chain: any = null;\n  static add(x: number) { Registry.chain = { next: Registry.chain, x }; }\n}`,
      errors: [{ line: 3, column: 27 }],
    },
    {
      name: 'nulling another property does not cut this chain',
      code: `class List {\n  private head: any;\n  add(v: number) { this.head = { prev: this.head, v }; }\n  clean(n: any) { n.next = null; }\n}`,
      errors: [{ line: 3, column: 20 }],
    },
    {
      name: 'a callback registered in the constructor runs on every event',
      code: `class Follower {\n  private latest: any;\n  constructor(bus: Bus) {\n    bus.on('delta', (d: unknown) => { this.latest = { prev: this.latest, d }; });\n  }\n}`,
      errors: [{ line: 4, column: 39 }],
    },
    {
      name: 'a comparison that is not about depth does not bound it',
      code: `class Ticks {\n  private last: any;\n  tick(n: number) {\n    if (n > 0) this.last = { prev: this.last, n };\n  }\n}`,
      errors: [{ line: 4, column: 16 }],
    },
    {
      name: 'every chain-forming assignment is reported',
      code: `let tip: any = null;\nexport function a(x: number) { tip = { parent: tip, x }; }\nexport function b(y: number) { tip = { parent: tip, y }; }`,
      errors: [{ line: 2, column: 32 }, { line: 3, column: 32 }],
    },
    {
      name: 'plain JavaScript, a module variable',
      filename: 'history.js',
      code: `let last = null;\nfunction remember(value) {\n  last = { value, before: last };\n}\nmodule.exports = { remember };`,
      errors: [{ line: 3, column: 3, message: 'through `before`' }],
    },
    {
      name: 'a public field with checkPublic',
      options: { checkPublic: true },
      code: `export class Log {\n  latest: any;\n  add(e: string) { this.latest = { prev: this.latest, e }; }\n}`,
      errors: [{ line: 3, column: 20 }],
    },
    {
      name: 'an exported variable with checkPublic',
      options: { checkPublic: true },
      code: `export let head: any = null;\nexport function push(v: number) { head = { next: head, v }; }`,
      errors: [{ line: 2, column: 35 }],
    },
  ],
});
