import fc from 'fast-check';

/**
 * Random programs built from the constructs LeakLint's rules look at: classes with fields,
 * collections and their add/remove calls, timers, listeners, loggers, queues, companion calls,
 * back-pointer chains and nested functions. Names come from small pools so that statements often
 * refer to something declared, which is where the rules do their work.
 */

const COLLECTION_NAMES = ['cache', 'seen', 'pending', 'handlers', 'queue', 'byId'];
const FIELD_NAMES = ['items', 'cache', 'timer', 'listeners', 'head', 'queue', 'subscription'];
const TARGETS = ['window', 'document', 'process', 'emitter', 'this.bus', 'socket', 'store'];
const EVENTS = ["'resize'", "'data'", "'exit'", "'message'", 'eventName'];
const LOGGER_CALLS = ['pino()', "winston.createLogger({ level: 'info' })", "new Logger('svc')", "bunyan.createLogger({ name: 'x' })", "log4js.getLogger('x')", 'console'];
const QUEUE_CALLS = ['new Queue()', 'new ReplaySubject()', 'new ReplaySubject(10)', "new PQueue({ concurrency: 1 })", '[] as Job[]', 'new BlockingQueue<Row>()', 'stream.pipe(out)', "new Readable({ highWaterMark: Infinity })"];
const PAIRS: Array<[string, string]> = [['compactHead', 'compactOOOHead'], ['acquire', 'release'], ['lock', 'unlock'], ['open', 'close'], ['subscribe', 'unsubscribe']];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const identifier = pick(['a', 'b', 'key', 'value', 'id', 'x', 'item', 'req', 'entry', 'next']);

/** `cache`, `this.items`, `this.#map`, `Service.registry`: somewhere a collection can live. */
const holder = fc.oneof(
  pick(COLLECTION_NAMES),
  pick(FIELD_NAMES).map((name) => `this.${name}`),
  pick(FIELD_NAMES).map((name) => `this.#${name}`),
  pick(FIELD_NAMES).map((name) => `Service.${name}`),
);

const expression = fc.oneof(
  identifier,
  pick(['1', '0', "'x'", '`t${a}`', 'null', 'undefined', 'Date.now()', 'Symbol()', '{ a: 1 }', '[a, b]', '() => a']),
  fc.tuple(holder, identifier).map(([h, k]) => `${h}.get(${k})`),
  fc.tuple(holder, identifier).map(([h, k]) => `${h}[${k}]`),
  pick(LOGGER_CALLS),
  pick(QUEUE_CALLS),
);

const collectionInit = pick([
  'new Map<string, number>()', 'new Set()', '[]', '{}', 'new WeakMap()', 'new WeakSet()', 'Object.create(null)',
  'new Map()', '[] as string[]', 'new LRUCache({ max: 100 })', 'new Array(10)',
]);

/** Statements that do not nest. */
const simpleStatement = fc.oneof(
  fc.tuple(holder, expression).map(([h, v]) => `${h}.push(${v});`),
  fc.tuple(holder, identifier, expression).map(([h, k, v]) => `${h}.set(${k}, ${v});`),
  fc.tuple(holder, identifier).map(([h, k]) => `${h}.add(${k});`),
  fc.tuple(holder, identifier).map(([h, k]) => `${h}.delete(${k});`),
  holder.map((h) => `${h}.clear();`),
  holder.map((h) => `${h}.shift();`),
  holder.map((h) => `${h}.length = 0;`),
  fc.tuple(holder, identifier, expression).map(([h, k, v]) => `${h}[${k}] = ${v};`),
  fc.tuple(holder, identifier).map(([h, k]) => `delete ${h}[${k}];`),
  fc.tuple(holder, expression).map(([h, v]) => `${h} = ${v};`),
  fc.tuple(pick(['const', 'let']), identifier, expression).map(([kind, name, v]) => `${kind} ${name} = ${v};`),
  fc.tuple(pick(['setInterval', 'setTimeout']), pick(['tick', '() => this.tick()', 'function () { poll(); }']), pick(['1000', '0', ''])).map(
    ([timer, callback, delay]) => `${timer}(${callback}${delay ? `, ${delay}` : ''});`),
  fc.tuple(pick(['const handle', 'this.timer', 'timer']), pick(['setInterval', 'setTimeout'])).map(
    ([target, timer]) => `${target} = ${timer}(() => work(), 500);`),
  pick(['clearInterval(this.timer);', 'clearTimeout(timer);', 'clearInterval(handle);']),
  fc.tuple(pick(TARGETS), pick(['addEventListener', 'on', 'once', 'addListener', 'subscribe']), pick(EVENTS), pick(['onEvent', 'this.onEvent', '(e) => use(e)', 'this.handle.bind(this)'])).map(
    ([target, method, event, handler]) => `${target}.${method}(${method === 'subscribe' ? handler : `${event}, ${handler}`});`),
  fc.tuple(pick(TARGETS), pick(['removeEventListener', 'off', 'removeListener']), pick(EVENTS)).map(
    ([target, method, event]) => `${target}.${method}(${event}, onEvent);`),
  pick(['this.subscription = source$.subscribe(render);', 'this.subscription?.unsubscribe();', 'emitter.setMaxListeners(0);']),
  fc.tuple(pick(['const log', 'const logger', 'this.log', 'log']), pick(LOGGER_CALLS)).map(([target, call]) => `${target} = ${call};`),
  pick(['log.info(msg);', "logger.debug('x', a);", 'this.log.warn(a);']),
  fc.tuple(pick(['const q', 'this.queue', 'queue']), pick(QUEUE_CALLS)).map(([target, call]) => `${target} = ${call};`),
  fc.tuple(pick(PAIRS), fc.boolean(), pick(['this.head', 'engine', 'db'])).map(
    ([[first, second], both, on]) => `${on}.${first}();${both ? ` ${on}.${second}();` : ''}`),
  fc.tuple(pick(['this.head', 'snapshot', 'this.state']), pick(['next', 'prev', 'parent'])).map(
    ([target, link]) => `${target} = { ${link}: ${target}, value };`),
  pick(['snapshot = new Snapshot(snapshot, epoch);', 'this.head = new Node(value, this.head);']),
  fc.tuple(pick(['return', 'await', 'yield', 'throw']), expression).map(([keyword, v]) => `${keyword} ${v};`),
  pick(['// leaklint-disable-next-line', '// leaklint-disable-line uncleared-collection -- known', '/* leaklint-disable unbounded-queue */', '// leaklint-disable-next-line no-such-rule']),
  pick(['debugger;', ';', 'break;', 'continue;']),
);

/** A statement list, nesting blocks and functions up to `depth` levels. */
function statements(depth: number): fc.Arbitrary<string[]> {
  const statement: fc.Arbitrary<string> = depth <= 0 ? simpleStatement : fc.oneof(
    { arbitrary: simpleStatement, weight: 6 },
    { arbitrary: fc.tuple(identifier, statements(depth - 1)).map(([c, body]) => `if (${c}) {\n${indent(body)}\n}`), weight: 1 },
    { arbitrary: fc.tuple(holder, statements(depth - 1)).map(([h, body]) => `for (const item of ${h}) {\n${indent(body)}\n}`), weight: 1 },
    { arbitrary: fc.tuple(statements(depth - 1), statements(depth - 1)).map(([body, handler]) => `try {\n${indent(body)}\n} catch (error) {\n${indent(handler)}\n}`), weight: 1 },
    { arbitrary: functionDeclaration(depth - 1), weight: 1 },
    { arbitrary: fc.tuple(pick(['const f', 'const handler', 'this.onEvent']), fc.boolean(), statements(depth - 1)).map(
      ([target, isAsync, body]) => `${target} = ${isAsync ? 'async ' : ''}(a) => {\n${indent(body)}\n};`), weight: 1 },
    { arbitrary: fc.tuple(statements(depth - 1), fc.option(statements(depth - 1))).map(
      ([body, cleanup]) => `useEffect(() => {\n${indent(body)}${cleanup ? `\n  return () => {\n${indent(cleanup, 2)}\n  };` : ''}\n}, []);`), weight: 1 },
    { arbitrary: classDeclaration(depth - 1), weight: 1 },
  );
  return fc.array(statement, { minLength: 0, maxLength: 4 });
}

function indent(lines: readonly string[], levels = 1): string {
  const pad = '  '.repeat(levels);
  return lines.flatMap((line) => line.split('\n')).map((line) => (line ? pad + line : line)).join('\n');
}

function functionDeclaration(depth: number): fc.Arbitrary<string> {
  return fc.tuple(fc.boolean(), pick(['handle', 'process', 'start', 'connect', 'render']), fc.boolean(), statements(depth)).map(
    ([exported, name, isAsync, body]) => `${exported ? 'export ' : ''}${isAsync ? 'async ' : ''}function ${name}(req, a, b) {\n${indent(body)}\n}`);
}

const fieldModifiers = pick(['', 'private ', 'private readonly ', 'readonly ', 'static ', 'protected ', 'public ', '#']);

function classDeclaration(depth: number): fc.Arbitrary<string> {
  const field = fc.tuple(fieldModifiers, pick(FIELD_NAMES), fc.option(fc.oneof(collectionInit, expression))).map(
    ([modifier, name, init]) => (modifier === '#' ? `#${name}` : `${modifier}${name}`) + (init ? ` = ${init};` : ';'));
  const method = fc.tuple(
    pick(['handle', 'start', 'stop', 'dispose', 'destroy', 'close', 'ngOnDestroy', 'componentWillUnmount', '[Symbol.dispose]', 'tick', 'get size', 'static create']),
    fc.boolean(),
    statements(depth),
  ).map(([name, isAsync, body]) => {
    const isAccessor = name.startsWith('get ');
    const modifiers = name.startsWith('static ') ? 'static ' : '';
    const bare = name.replace(/^static /, '');
    return `${modifiers}${isAsync && !isAccessor ? 'async ' : ''}${bare}(${isAccessor ? '' : 'a'}) {\n${indent(body)}\n}`;
  });
  const constructorDecl = statements(depth).map((body) => `constructor(private readonly bus: EventEmitter, items = []) {\n${indent(body)}\n}`);
  return fc.tuple(
    fc.boolean(),
    pick(['Service', 'Cache', 'Widget', 'Ingester']),
    fc.option(pick(['extends Base', 'implements Disposable', 'extends React.Component'])),
    fc.array(field, { maxLength: 4 }),
    fc.option(constructorDecl),
    fc.array(method, { maxLength: 3 }),
  ).map(([exported, name, heritage, fields, ctor, methods]) =>
    `${exported ? 'export ' : ''}class ${name}${heritage ? ` ${heritage}` : ''} {\n${indent([...fields, ...(ctor ? [ctor] : []), ...methods])}\n}`);
}

/**
 * Whole leak idioms, one per story, with an optional cleanup: random statements alone rarely line
 * up into the long-lived-collection-with-no-removal shapes the rules report.
 */
const idiom = fc.tuple(
  fc.constantFrom(
    (clean: boolean) => `const registry = new Map<string, Handler>();\nexport function register(id: string, handler: Handler) {\n  registry.set(id, handler);\n}\n${clean ? 'export function unregister(id: string) {\n  registry.delete(id);\n}\n' : ''}`,
    (clean: boolean) => `export class Sessions {\n  private readonly sessions = new Map<string, Session>();\n  open(id: string) {\n    this.sessions.set(id, new Session(id));\n  }\n${clean ? '  close(id: string) {\n    this.sessions.delete(id);\n  }\n' : ''}}\n`,
    (clean: boolean) => `export class History {\n  private head: Entry | undefined;\n  push(value: number) {\n    this.head = { prev: ${clean ? 'undefined' : 'this.head'}, value };\n  }\n}\n`,
    (clean: boolean) => `export class Poller {\n  private timer = setInterval(() => this.poll(), 1000);\n  poll() {}\n${clean ? '  dispose() {\n    clearInterval(this.timer);\n  }\n' : ''}}\n`,
    (clean: boolean) => `export class Widget {\n  private onResize = () => this.layout();\n  constructor() {\n    window.addEventListener('resize', this.onResize);\n  }\n  layout() {}\n${clean ? "  dispose() {\n    window.removeEventListener('resize', this.onResize);\n  }\n" : ''}}\n`,
    (clean: boolean) => `const seen: string[] = [];\nexport function track(id: string) {\n  seen.push(id);\n${clean ? '  if (seen.length > 100) seen.shift();\n' : ''}}\n`,
    (clean: boolean) => `export function compact(head: Head) {\n  head.compactHead();\n${clean ? '  head.compactOOOHead();\n' : ''}}\n`,
    (clean: boolean) => `export function handle(req: Request) {\n  const log = ${clean ? 'baseLogger' : "pino({ name: 'req' })"};\n  log.info(req.url);\n}\n`,
  ),
  fc.boolean(),
).map(([make, clean]) => make(clean));

const moduleItem = fc.oneof(
  { arbitrary: idiom, weight: 3 },
  { arbitrary: fc.tuple(fc.boolean(), pick(['const', 'let']), pick(COLLECTION_NAMES), collectionInit).map(
    ([exported, kind, name, init]) => `${exported ? 'export ' : ''}${kind} ${name} = ${init};`), weight: 3 },
  { arbitrary: pick(["import pino from 'pino';", "import * as winston from 'winston';", "const { EventEmitter } = require('events');", "import { ReplaySubject } from 'rxjs';"]), weight: 1 },
  { arbitrary: functionDeclaration(2), weight: 3 },
  { arbitrary: classDeclaration(2), weight: 3 },
  { arbitrary: statements(1).map((lines) => lines.join('\n')), weight: 2 },
);

export const FILE_NAMES = ['program.ts', 'program.tsx', 'program.js', 'program.mjs', 'component.jsx', 'service.cts'] as const;

export interface Program {
  fileName: string;
  text: string;
}

/** A whole module: imports, declarations, functions and classes, in any order. */
export const programArbitrary: fc.Arbitrary<Program> = fc.tuple(
  pick(FILE_NAMES),
  fc.array(moduleItem, { minLength: 1, maxLength: 6 }),
  pick(['\n', '\r\n']),
).map(([fileName, items, lineBreak]) => ({ fileName, text: `${items.join('\n\n')}\n`.replace(/\n/g, lineBreak) }));
