import rule from '../../rules/uncleared-collection';
import { ruleTester } from '../rule-tester';

const WEAK = 'Use a WeakMap/WeakSet';

ruleTester(rule, {
  valid: [
    {
      name: 'a WeakMap, WeakSet, WeakRef or FinalizationRegistry does not keep its keys alive',
      code: `const owners = new WeakMap<object, string>();\nconst seen = new WeakSet<object>();\n` +
        `const registry = new FinalizationRegistry(() => {});\nlet last = new WeakRef({});\n` +
        `export function track(o: object) { owners.set(o, 'x'); seen.add(o); registry.register(o, 1); }`,
    },
    {
      name: 'entries are deleted',
      code: `const sessions = new Map<string, object>();\nexport function open(id: string) { sessions.set(id, {}); }\n` +
        `export function close(id: string) { sessions.delete(id); }`,
    },
    {
      name: 'the collection is cleared',
      code: `class Tracker {\n  private seen = new Set<string>();\n  add(id: string) { this.seen.add(id); }\n  reset() { this.seen.clear(); }\n}\nexport const tracker = new Tracker();`,
    },
    {
      name: 'an array trimmed with splice',
      code: `const log: string[] = [];\nexport function write(line: string) {\n  log.push(line);\n  if (log.length > 100) log.splice(0, 50);\n}`,
    },
    {
      name: 'appended and consumed: the unbounded-queue rule judges that, not this one',
      code: `class WorkerPool {\n  private jobs: Job[] = [];\n  submit(job: Job) { this.jobs.push(job); }\n  next() { return this.jobs.shift(); }\n}\nexport const pool = new WorkerPool();`,
    },
    {
      name: 'an array emptied with length = 0',
      code: `const batch: number[] = [];\nexport function add(n: number) { batch.push(n); }\nexport function flush() { send([...batch]); batch.length = 0; }`,
    },
    {
      name: 'a dictionary whose entries are deleted',
      code: `const byId: Record<string, object> = {};\nexport function put(id: string, v: object) { byId[id] = v; }\n` +
        `export function drop(id: string) { delete byId[id]; }`,
    },
    {
      name: 'reassigned outside the initializer (reset to a fresh map)',
      code: `class Cache {\n  private entries = new Map<string, string>();\n  put(k: string, v: string) { this.entries.set(k, v); }\n` +
        `  reset() { this.entries = new Map(); }\n}\nexport const cache = new Cache();`,
    },
    {
      name: 'the size is compared with a limit',
      code: `const MAX = 1000;\nconst cache = new Map<string, string>();\nexport function put(k: string, v: string) {\n` +
        `  if (cache.size >= MAX) return;\n  cache.set(k, v);\n}`,
    },
    {
      name: 'a dictionary bounded through Object.keys(...).length',
      code: `const hits: Record<string, number> = {};\nexport function hit(k: string) {\n` +
        `  if (Object.keys(hits).length > MAX_ENTRIES) return;\n  hits[k] = 1;\n}`,
    },
    {
      name: 'escapes as an argument: the callee may clear it',
      code: `const pending = new Set<object>();\nexport function add(o: object) { pending.add(o); }\nregisterForCleanup(pending);`,
    },
    {
      name: 'escapes by being returned',
      code: `class Registry {\n  private items: object[] = [];\n  add(item: object) { this.items.push(item); }\n  all() { return this.items; }\n}\nexport const registry = new Registry();`,
    },
    {
      name: 'escapes by being stored elsewhere',
      code: `const handlers: Array<() => void> = [];\nexport function on(h: () => void) { handlers.push(h); }\nexport const api = { handlers };`,
    },
    {
      name: 'finite keys: string literals, enum members, module constants',
      code: `enum Kind { A, B }\nconst KEY = 'k';\nconst flags = new Map<string | Kind, boolean>();\nconst seen: Record<string, boolean> = {};\n` +
        `export function mark() {\n  flags.set('ready', true);\n  flags.set(Kind.A, true);\n  flags.set(KEY, false);\n  seen['x'] = true;\n  seen.y = true;\n}`,
    },
    {
      name: 'finite keys through a private helper that every caller gives a literal',
      code: `const counters: Record<string, number> = {};\nfunction bump(name: string) { counters[name] = (counters[name] ?? 0) + 1; }\n` +
        `export function onOpen() { bump('open'); }\nexport function onClose() { bump('close'); }`,
    },
    {
      name: 'a public field is cleared from elsewhere as far as we know (checkPublic is off)',
      code: `export class Bus {\n  listeners: Array<() => void> = [];\n  on(l: () => void) { this.listeners.push(l); }\n}`,
    },
    {
      name: 'an exported module variable (checkPublic is off)',
      code: `export const registry = new Map<object, string>();\nexport function register(o: object) { registry.set(o, 'x'); }`,
    },
    {
      name: 'filled only during set-up: module top level, a top-level forEach, a constructor',
      code: `const aliases = new Set<string>();\n['a', 'b'].forEach((x) => { aliases.add(x); });\n` +
        `for (const x of load()) aliases.add(x);\n(function () { aliases.add(compute()); })();\n` +
        `class TableCache {\n  private rows: string[] = [];\n  constructor(input: string[]) { input.forEach((r) => this.rows.push(r)); }\n  get(i: number) { return this.rows[i]; }\n  dispose() {}\n}`,
    },
    {
      name: 'a main() called once at top level',
      code: `const args: string[] = [];\nfunction main(argv: string[]) {\n  for (const a of argv) args.push(a);\n  run(args.length);\n}\nmain(process.argv);`,
    },
    {
      name: 'a local collection is not long-lived',
      code: `export function unique(items: string[]) {\n  const seen = new Set<string>();\n  for (const i of items) seen.add(i);\n  return seen.size;\n}`,
    },
    {
      name: 'memoizing a pure computation (no this, no await) holds one entry per distinct argument',
      code: `const compiled = new Map<string, RegExp>();\nexport function pattern(source: string) {\n` +
        `  let re = compiled.get(source);\n  if (!re) {\n    re = new RegExp(source);\n    compiled.set(source, re);\n  }\n  return re;\n}`,
    },
    {
      name: 'a memo that returns early on a hit',
      code: `const ranges = new Map<string, number[]>();\nexport function rangesOf(spec: string) {\n  const cached = ranges.get(spec);\n` +
        `  if (cached !== undefined) return cached;\n  const computed = parse(spec);\n  ranges.set(spec, computed);\n  return computed;\n}`,
    },
    {
      name: 'a dictionary memo filled on the right of ||',
      code: `const snippets: Record<string, Code> = {};\nexport function useCode(f: { code: string }) {\n  return snippets[f.code] || (snippets[f.code] = new Code(f.code));\n}`,
    },
    {
      name: 'a field memoizing a pure computation: this only reaches the cache itself',
      code: `class Hasher {\n  private hashes = new Map<string, string>();\n  async hashOf(text: string) {\n    return this.compute(text);\n  }\n` +
        `  private compute(text: string) {\n    let h = this.hashes.get(text);\n    if (h === undefined) {\n      h = sha256(text);\n      this.hashes.set(text, h);\n    }\n    return h;\n  }\n  dispose() {}\n}`,
    },
    {
      name: 'a class with no sign of outliving one operation, even under a long-lived-sounding name',
      code: `class LintCache {\n  private touched = new Set<string>();\n  lookup(key: string) { this.touched.add(key); }\n  save() { return [...this.touched]; }\n}`,
      options: { requireLifetimeEvidence: true },
    },
    {
      name: 'keys checked against an allow-list before they are added',
      code: `const ALLOWED = new Set(['a', 'b']);\nconst counts: Record<string, number> = {};\nexport function count(k: string) {\n` +
        `  if (!ALLOWED.has(k)) throw new Error(k);\n  counts[k] = (counts[k] ?? 0) + 1;\n}`,
    },
    {
      name: 'a warn-once registry holds one entry per message the code emits',
      code: `const warned = new Set<string>();\nexport function warnOnce(message: string) {\n` +
        `  if (warned.has(message)) return;\n  warned.add(message);\n  console.warn(message);\n}`,
    },
    {
      name: 'the class reaches its fields through an alias of this',
      code: `class Store {\n  private items = new Map<string, object>();\n  put(k: string, v: object) { this.items.set(k, v); }\n` +
        `  reset() { const self = this; self.items.delete('x'); }\n}\nexport const store = new Store();`,
    },
    {
      name: 'fields overwritten wholesale by Object.assign(this, …) may be replaced from outside',
      code: `class OptionsStore {\n  private tags: string[] = [];\n  constructor(init: object) { Object.assign(this, init); }\n  tag(t: string) { this.tags.push(t); }\n}\nexport const options = new OptionsStore();`,
    },
    {
      name: 'a field holding this is another way in',
      code: `class NodeRegistry {\n  private readonly me = this;\n  private kids = new Set<object>();\n  adopt(k: object) { this.kids.add(k); }\n  drop(k: object) { this.me.kids.delete(k); }\n}\nexport const nodes = new NodeRegistry();`,
    },
    {
      name: 'an object made for one operation (a collector) fills its collections and is dropped whole',
      code: `class ImportCollector {\n  private names = new Set<string>();\n  visit(name: string) { this.names.add(name); }\n  result() { return [...this.names]; }\n}`,
      options: { requireLifetimeEvidence: true },
    },
    {
      name: 'a forEach callback in a method is not an event arriving later',
      code: `class Indexer {\n  private words: string[] = [];\n  index(text: string) { text.split(' ').forEach((w) => this.words.push(w)); }\n  count() { return this.words.length; }\n}`,
      options: { requireLifetimeEvidence: true },
    },
    {
      name: 'a collection handed in from outside is not ours to clear',
      code: `class IndexService {\n  private entries: Map<string, object>;\n  constructor(entries: Map<string, object>) { this.entries = entries; }\n` +
        `  async add(k: string, v: object) { this.entries.set(k, await v); }\n}`,
    },
    {
      name: 'a parameter property holds a collection someone else made',
      code: `class IndexService {\n  constructor(private readonly entries: Map<string, object>) {}\n  async add(k: string, v: object) { this.entries.set(k, await v); }\n}`,
    },
    {
      name: 'a class this file constructs per call, into a local, lasts one call',
      code: `class ImportCollector {\n  private names = new Set<string>();\n  visit(name: string) { this.names.add(name); }\n  result() { return [...this.names]; }\n}\n` +
        `export function importsOf(names: string[]) {\n  const collector = new ImportCollector();\n  names.forEach((n) => collector.visit(n));\n  return collector.result();\n}`,
    },
  ],
  invalid: [
    {
      name: 'story 5: per-key join state in a plain class is kept for as long as the operator lives',
      code: `export class WindowJoin {\n  private readonly state = new Map<string, number[]>();\n` +
        `  onEvent(key: string, value: number) {\n    const rows = this.state.get(key) ?? [];\n    rows.push(value);\n    this.state.set(key, rows);\n  }\n` +
        `  lookup(key: string) { return this.state.get(key); }\n}`,
      errors: [{ line: 2, column: 20, message: 'Entries are added to `state`', relatedLines: [6] }],
    },
    {
      name: 'without requireLifetimeEvidence, a collector class counts as long-lived too',
      code: `class ImportCollector {\n  private names = new Set<string>();\n  visit(name: string) { this.names.add(name); }\n  result() { return [...this.names]; }\n}`,
      errors: [{ line: 2, column: 11, message: 'never removed' }],
    },
    {
      name: 'a module Map keyed by objects: the WeakMap suggestion',
      code: `const owners = new Map<object, string>();\nexport function track(o: object, name: string) {\n  owners.set(o, name);\n}\n` +
        `export function ownerOf(o: object) { return owners.get(o); }`,
      errors: [{ line: 1, column: 7, message: 'never removed', relatedLines: [3] }],
      suggestions: [{
        title: WEAK,
        output: `const owners = new WeakMap<object, string>();\nexport function track(o: object, name: string) {\n  owners.set(o, name);\n}\n` +
          `export function ownerOf(o: object) { return owners.get(o); }`,
      }],
    },
    {
      name: 'a #private Set made in the constructor: WeakSet suggestion rewrites the type and the constructor',
      code: `class SeenTracker {\n  #visited: Set<Node>;\n  constructor() {\n    this.#visited = new Set();\n  }\n` +
        `  visit(node: Node) {\n    if (this.#visited.has(node)) return;\n    this.#visited.add(node);\n  }\n}\nexport const tracker = new SeenTracker();`,
      errors: [{ line: 2, column: 3, message: 'Entries are added to `#visited`', relatedLines: [8] }],
      suggestions: [{
        title: WEAK,
        output: `class SeenTracker {\n  #visited: WeakSet<Node>;\n  constructor() {\n    this.#visited = new WeakSet();\n  }\n` +
          `  visit(node: Node) {\n    if (this.#visited.has(node)) return;\n    this.#visited.add(node);\n  }\n}\nexport const tracker = new SeenTracker();`,
      }],
    },
    {
      name: 'a WeakSet suggestion in plain JavaScript',
      filename: 'seen.js',
      code: `const handled = new Set();\nexport function handle(request) {\n  if (handled.has(request)) return;\n  handled.add(request);\n}`,
      errors: [{ line: 1, column: 7, relatedLines: [4] }],
      suggestions: [{
        title: WEAK,
        output: `const handled = new WeakSet();\nexport function handle(request) {\n  if (handled.has(request)) return;\n  handled.add(request);\n}`,
      }],
    },
    {
      name: 'string keys: a WeakMap would throw, so no suggestion',
      code: `class SessionStore {\n  private byId = new Map<string, object>();\n  open(id: string, s: object) { this.byId.set(id, s); }\n  close() {}\n}`,
      errors: [{ line: 2, column: 11, message: 'a long-lived Map' }],
    },
    {
      name: 'keys visibly primitive at the add site (a template): no suggestion',
      code: `const lastSeen = new Map();\nexport function touch(user, room) { lastSeen.set(\`\${user}:\${room}\`, Date.now()); }`,
      errors: [{ line: 1, column: 7 }],
    },
    {
      name: 'a key parameter typed through a primitive alias: no suggestion',
      code: `type UserId = string;\nconst online = new Set();\nexport function join(user: UserId) { online.add(user); }`,
      errors: [{ line: 2, column: 7 }],
    },
    {
      name: 'sized or iterated: a weak collection has no size or entries, so no suggestion',
      code: `const clients = new Set<object>();\nexport function connect(c: object) { clients.add(c); }\n` +
        `export function broadcast(m: string) { for (const c of clients) send(c, m); return clients.size; }`,
      errors: [{ line: 1, column: 7 }],
    },
    {
      name: 'a private listener array that only grows (story 5)',
      code: `class Feed {\n  private listeners: Array<(x: number) => void> = [];\n  subscribe(l: (x: number) => void) {\n    this.listeners.push(l);\n  }\n` +
        `  emit(x: number) { this.listeners.forEach((l) => l(x)); }\n}`,
      errors: [{ line: 2, column: 11, message: 'a long-lived array', relatedLines: [4] }],
    },
    {
      name: 'unshift counts as adding',
      code: `const history: string[] = [];\nexport function record(e: string) { history.unshift(e); }`,
      errors: [{ line: 1, column: 7, relatedLines: [2] }],
    },
    {
      name: 'an object used as a dictionary, with every add site related',
      code: `const windows = {};\nexport function open(w, state) {\n  windows[w.id] = state;\n}\nexport function merge(w, state) {\n  windows[w.key] = state;\n}`,
      filename: 'join.js',
      errors: [{ line: 1, column: 7, message: 'object used as a dictionary', relatedLines: [3, 6] }],
    },
    {
      name: 'Object.create(null) as a dictionary',
      code: `const byName = Object.create(null);\nexport function define(name: string, value: unknown) { byName[name] = value; }`,
      errors: [{ line: 1, column: 7 }],
    },
    {
      name: 'a Record-typed literal with initial entries',
      code: `@Injectable()\nclass Joins {\n  protected state: Record<string, number[]> = { seed: [] };\n  add(window: string) { this.state[window] = []; }\n}`,
      errors: [{ line: 3, column: 13, message: 'nothing in this class' }],
    },
    {
      name: 'a static registry lives as long as the program',
      code: `class Plugin {\n  private static instances = new Map<string, Plugin>();\n  static create(name: string) {\n    const p = new Plugin();\n` +
        `    Plugin.instances.set(name, p);\n    return p;\n  }\n}`,
      errors: [{ line: 2, column: 18, message: 'for as long as the program runs', relatedLines: [5] }],
    },
    {
      name: 'lazily initialized with ??= and only ever added to',
      code: `class Index {\n  private words?: Map<string, number>;\n  async add(word: string) {\n    this.words ??= new Map();\n    this.words.set(word, await score(word));\n  }\n}`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'added from a callback registered in the constructor: runs on every event',
      code: `class Recorder {\n  private events: unknown[] = [];\n  constructor(bus: Bus) {\n    bus.on('event', (e: unknown) => this.events.push(e));\n  }\n}`,
      errors: [{ line: 2, column: 11, relatedLines: [4] }],
    },
    {
      name: 'an instance made once at module level lives as long as the program',
      code: `class Tally {\n  private seen = new Set<string>();\n  note(k: string) { this.seen.add(k); }\n}\nexport const tally = new Tally();`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'a singleton kept in a static field lives as long as the program',
      code: `class Clock {\n  static readonly shared = new Clock();\n  private marks: number[] = [];\n  mark() { this.marks.push(Date.now()); }\n}`,
      errors: [{ line: 3, column: 11 }],
    },
    {
      name: 'an event emitter subclass is long-lived',
      code: `class Feed extends EventEmitter {\n  private lines: string[] = [];\n  write(line: string) { this.lines.push(line); }\n}`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'a class with a disposal method that forgets the collection',
      code: `class Pipeline {\n  private stages: object[] = [];\n  addStage(s: object) { this.stages.push(s); }\n  dispose() { this.flush(); }\n}`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'a class that subscribes in its constructor keeps receiving',
      code: `class Assembler {\n  private chunks: Uint8Array[] = [];\n  constructor(socket: Socket) { socket.on('data', (d: Uint8Array) => this.onData(d)); }\n` +
        `  private onData(d: Uint8Array) { this.chunks.push(d); }\n}`,
      errors: [{ line: 2, column: 11, relatedLines: [4] }],
    },
    {
      name: 'an emptiness check is not a bound',
      code: `const queue = new Set<string>();\nexport function add(k: string) {\n  if (queue.size > 0) log('busy');\n  queue.add(k);\n}`,
      errors: [{ line: 1, column: 7 }],
    },
    {
      name: 'finite and unbounded keys mixed',
      code: `enum Slot { First }\nconst slots = new Map<Slot | string, number>();\nexport function put(name: string) {\n  slots.set(Slot.First, 1);\n  slots.set(name, 2);\n}`,
      errors: [{ line: 2, column: 7, relatedLines: [4, 5] }],
    },
    {
      name: 'per-key state created on a miss and then changed is accumulating data (story 5), not a memo',
      code: `const windows = new Map<string, WindowState>();\nexport function onRecord(w: string, record: object) {\n  let state = windows.get(w);\n` +
        `  if (!state) {\n    state = new WindowState();\n    windows.set(w, state);\n  }\n  state.add(record);\n}`,
      errors: [{ line: 1, column: 7, relatedLines: [6] }],
    },
    {
      name: 'a cache of loaded data (await) is not a pure memo',
      code: `const users = new Map<string, object>();\nexport async function getUser(id: string) {\n  let user = users.get(id);\n` +
        `  if (!user) {\n    user = await db.load(id);\n    users.set(id, user);\n  }\n  return user;\n}`,
      errors: [{ line: 1, column: 7, relatedLines: [6] }],
    },
    {
      name: 'a per-object cache (this) is not a pure memo',
      code: `class Controller {\n  private responses = new Map<string, Promise<unknown>>();\n  async handle(hash: string) {\n` +
        `    let r = this.responses.get(hash);\n    if (!r) {\n      r = this.fetch(hash);\n      this.responses.set(hash, r);\n    }\n    return r;\n  }\n}`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'Object.assign into the dictionary adds unknown keys',
      code: `const settings = {};\nexport function configure(extra) { Object.assign(settings, extra); }`,
      filename: 'settings.js',
      errors: [{ line: 1, column: 7 }],
    },
    {
      name: 'a for loop over the length is not a bound',
      code: `const items: object[] = [];\nexport function add(o: object) { items.push(o); }\n` +
        `export function each(f: (o: object) => void) { for (let i = 0; i < items.length; i++) f(items[i]); }`,
      errors: [{ line: 1, column: 7, relatedLines: [2] }],
    },
    {
      name: 'a public field with checkPublic',
      options: { checkPublic: true },
      code: `export class Bus {\n  listeners: Array<() => void> = [];\n  on(l: () => void) { this.listeners.push(l); }\n}`,
      errors: [{ line: 2, column: 3 }],
    },
    {
      name: 'an exported variable with checkPublic',
      options: { checkPublic: true },
      code: `export const registry = new Map<string, object>();\nexport function register(name: string, o: object) { registry.set(name, o); }`,
      errors: [{ line: 1, column: 14 }],
    },
  ],
});
