import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The generated benchmark corpus: deterministic for a seed, so two runs (or two machines) lint
 * exactly the same text. Every construct a rule looks at appears, leaky and well-behaved, mixed
 * with the ordinary code that makes up most of a real file (and most of the parse time).
 */

/** mulberry32: tiny, fast, and good enough to vary a corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Block {
  /** Lines of code, without the trailing line break. */
  lines: string[];
  /** True when the block only parses as TypeScript. */
  typed: boolean;
}

type BlockMaker = (id: number, pick: <T>(items: readonly T[]) => T, ts: boolean) => Block;

const ANNOTATE = (ts: boolean, type: string) => (ts ? `: ${type}` : '');

const NAMES = ['order', 'user', 'session', 'event', 'packet', 'row', 'tenant', 'window', 'segment', 'snapshot'];
const VERBS = ['process', 'handle', 'apply', 'merge', 'flush', 'load', 'track', 'emit', 'sync', 'index'];

/** A class with collection fields that grow and (sometimes) shrink. */
const collectionClass: BlockMaker = (id, pick, ts) => {
  const noun = pick(NAMES);
  const evicts = pick([true, false]);
  const priv = ts ? 'private readonly ' : '';
  const lines = [
    `export class ${capital(noun)}Store${id} {`,
    ts ? `  ${priv}byId = new Map<string, { value: number; seen: number }>();` : `  byId = new Map();`,
    ts ? `  ${priv}seen = new Set<string>();` : `  seen = new Set();`,
    ts ? `  private queue: string[] = [];` : `  queue = [];`,
    `  constructor(${ts ? 'private readonly limit: number' : 'limit'}) {`,
    ts ? `    this.limit = limit;` : `    this.limit = limit;`,
    `  }`,
    `  add(key${ANNOTATE(ts, 'string')}, value${ANNOTATE(ts, 'number')})${ANNOTATE(ts, 'void')} {`,
    `    this.byId.set(key, { value, seen: Date.now() });`,
    `    this.seen.add(key);`,
    `    this.queue.push(key);`,
    evicts ? `    if (this.queue.length > this.limit) this.evict(this.queue.shift()${ts ? '!' : ''});` : `    this.total${id} = (this.total${id} ?? 0) + value;`,
    `  }`,
    `  evict(key${ANNOTATE(ts, 'string')})${ANNOTATE(ts, 'void')} {`,
    evicts ? `    this.byId.delete(key);` : `    void key;`,
    evicts ? `    this.seen.delete(key);` : `    // nothing is ever removed here`,
    `  }`,
    `  get size()${ANNOTATE(ts, 'number')} {`,
    `    return this.byId.size + this.queue.length;`,
    `  }`,
    ts ? `  total${id}?: number;` : `  total${id} = 0;`,
    `}`,
  ];
  return { lines, typed: ts };
};

/** Timers: started in one method, cleared (or not) in another. */
const timerClass: BlockMaker = (id, pick, ts) => {
  const clears = pick([true, true, false]);
  const lines = [
    `export class Poller${id} {`,
    ts ? `  private timer: ReturnType<typeof setInterval> | undefined;` : `  timer = undefined;`,
    `  start(every${ANNOTATE(ts, 'number')})${ANNOTATE(ts, 'void')} {`,
    `    this.timer = setInterval(() => this.tick(), every);`,
    `  }`,
    `  stop()${ANNOTATE(ts, 'void')} {`,
    clears ? `    clearInterval(this.timer);` : `    console.log('stopping', ${id});`,
    clears ? `    this.timer = undefined;` : `    // the interval keeps running`,
    `  }`,
    `  tick()${ANNOTATE(ts, 'void')} {`,
    `    const started = performance.now();`,
    `    setTimeout(() => console.debug('tick ${id}', performance.now() - started), 10);`,
    `  }`,
    `}`,
  ];
  return { lines, typed: ts };
};

/** Listeners on DOM targets and event emitters, removed or not. */
const listenerBlock: BlockMaker = (id, pick, ts) => {
  const removes = pick([true, false]);
  const lines = [
    `export function watch${id}(target${ANNOTATE(ts, 'EventTarget')}, bus${ANNOTATE(ts, 'NodeJS.EventEmitter')}) {`,
    `  const onResize = () => console.log('resize ${id}');`,
    `  const onData = (chunk${ANNOTATE(ts, 'unknown')}) => console.log('data', chunk);`,
    `  target.addEventListener('resize', onResize);`,
    `  bus.on('data', onData);`,
    `  return () => {`,
    removes ? `    target.removeEventListener('resize', onResize);` : `    console.log('disposed ${id}');`,
    removes ? `    bus.off('data', onData);` : `    // listeners stay registered`,
    `  };`,
    `}`,
  ];
  return { lines, typed: ts };
};

/** Loggers made once, per call, and per instance. */
const loggerBlock: BlockMaker = (id, pick, ts) => {
  const perCall = pick([true, false]);
  const factory = pick(['winston.createLogger({ level: "info" })', 'pino()', 'new Logger(`svc-' + id + '`)', 'bunyan.createLogger({ name: "x" })']);
  const lines = perCall
    ? [
      `export function ${pick(VERBS)}Request${id}(request${ANNOTATE(ts, '{ url: string }')}) {`,
      `  const log = ${factory};`,
      `  log.info(request.url);`,
      `}`,
    ]
    : [
      `const logger${id} = ${factory};`,
      `export function ${pick(VERBS)}Request${id}(request${ANNOTATE(ts, '{ url: string }')}) {`,
      `  logger${id}.info(request.url);`,
      `}`,
    ];
  return { lines, typed: ts };
};

/** The companion-call pair of story 3. */
const compactionBlock: BlockMaker = (id, pick, ts) => {
  const both = pick([true, false]);
  const lines = [
    `export function compactIdle${id}(db${ANNOTATE(ts, 'Ingester')}, now${ANNOTATE(ts, 'number')}) {`,
    `  if (db.idleSince(now) > 60_000) {`,
    `    db.compactHead(now);`,
    both ? `    db.compactOOOHead(now);` : `    db.metrics.compactions++;`,
    `  }`,
    `}`,
  ];
  return { lines, typed: ts };
};

/** Replay buffers, bounded and not. */
const replayBlock: BlockMaker = (id, pick, ts) => {
  const bounded = pick([true, false]);
  const generic = ts ? '<number>' : '';
  const lines = [
    `export class Prices${id} {`,
    `  readonly updates = new ReplaySubject${generic}(${bounded ? '100' : ''});`,
    `  publish(price${ANNOTATE(ts, 'number')}) {`,
    `    this.updates.next(price);`,
    `  }`,
    `}`,
  ];
  return { lines, typed: ts };
};

/** A back-pointer chain (story 4): each snapshot keeps the one before it. */
const chainBlock: BlockMaker = (id, pick, ts) => {
  const cuts = pick([true, false]);
  const lines = [
    `export class Snapshot${id} {`,
    ts ? `  prev: Snapshot${id} | undefined;` : `  prev = undefined;`,
    `  constructor(${ts ? 'readonly epoch: number, prev?: Snapshot' + id : 'epoch, prev'}) {`,
    ts ? `    this.prev = prev;` : `    this.epoch = epoch;\n    this.prev = prev;`,
    `  }`,
    `  next(epoch${ANNOTATE(ts, 'number')})${ANNOTATE(ts, `Snapshot${id}`)} {`,
    `    const next = new Snapshot${id}(epoch, this);`,
    cuts ? `    this.prev = undefined;` : `    next.prev = this;`,
    `    return next;`,
    `  }`,
    `}`,
  ];
  return { lines: lines.flatMap((line) => line.split('\n')), typed: ts };
};

/** Module-level collections: a cache that only grows, or one that is trimmed. */
const moduleCacheBlock: BlockMaker = (id, pick, ts) => {
  const trims = pick([true, false]);
  const lines = [
    `const cache${id} = new Map${ts ? '<string, string>' : ''}();`,
    `const pending${id}${ts ? ': Array<() => void>' : ''} = [];`,
    `export function remember${id}(key${ANNOTATE(ts, 'string')}, value${ANNOTATE(ts, 'string')}) {`,
    `  cache${id}.set(key, value);`,
    `  pending${id}.push(() => cache${id}.get(key));`,
    trims ? `  if (cache${id}.size > 1000) cache${id}.clear();` : `  return cache${id}.size;`,
    trims ? `  while (pending${id}.length > 100) pending${id}.shift();` : `}`,
    ...(trims ? ['}'] : []),
  ];
  return { lines, typed: ts };
};

/** Ordinary code: what most of a file is. */
const ordinaryFunction: BlockMaker = (id, pick, ts) => {
  const noun = pick(NAMES);
  const verb = pick(VERBS);
  const lines = [
    `/**`,
    ` * ${capital(verb)}s ${noun}s in batches; returns how many were ${verb}ed.`,
    ` */`,
    `export async function ${verb}${capital(noun)}s${id}(items${ANNOTATE(ts, `readonly ${capital(noun)}${id % 7}[]`)}, options${ANNOTATE(ts, '{ batch?: number; dryRun?: boolean }')} = {})${ANNOTATE(ts, 'Promise<number>')} {`,
    `  const batch = options.batch ?? ${8 + (id % 24)};`,
    `  let done = 0;`,
    `  for (let start = 0; start < items.length; start += batch) {`,
    `    const slice = items.slice(start, start + batch);`,
    `    const results = await Promise.all(slice.map(async (item, index) => {`,
    `      if (options.dryRun) return { item, index, skipped: true };`,
    `      try {`,
    `        const key = \`\${item.id}:\${index}:${noun}\`;`,
    `        return { item, index, key, skipped: false };`,
    `      } catch (error) {`,
    `        console.error('failed', error instanceof Error ? error.message : String(error));`,
    `        return { item, index, skipped: true };`,
    `      }`,
    `    }));`,
    `    done += results.filter((result) => !result.skipped).length;`,
    `  }`,
    `  switch (done % 3) {`,
    `    case 0: return done;`,
    `    case 1: return done + ${id % 5};`,
    `    default: return Math.max(0, done - 1);`,
    `  }`,
    `}`,
  ];
  return { lines, typed: ts };
};

const typeDeclarations: BlockMaker = (id) => ({
  lines: [
    `export interface ${capital(NAMES[id % NAMES.length])}${id % 7} {`,
    `  id: string;`,
    `  createdAt: Date;`,
    `  tags?: readonly string[];`,
    `  meta: Record<string, { value: number; unit: 'ms' | 'bytes' }>;`,
    `}`,
    `export type Handler${id}<T> = (value: T, context: { attempt: number }) => Promise<void> | void;`,
    `export enum State${id} { Idle, Running = 'running', Done = 1 << 3 }`,
  ],
  typed: true,
});

const ordinaryObject: BlockMaker = (id, pick) => ({
  lines: [
    `export const defaults${id} = {`,
    `  retries: ${id % 9},`,
    `  backoff: (attempt) => Math.min(1000 * 2 ** attempt, 30_000),`,
    `  labels: ['${pick(NAMES)}', '${pick(NAMES)}', '${pick(VERBS)}'],`,
    `  nested: { deep: { deeper: [1, 2, 3].map((n) => n * ${id % 11}) } },`,
    `  pattern: /^[a-z]+-\\d{${1 + (id % 4)}}$/i,`,
    `  describe() { return \`\${this.retries} retries, labels \${this.labels.join(', ')}\`; },`,
    `};`,
  ],
  typed: false,
});

const LEAK_MAKERS: BlockMaker[] = [collectionClass, timerClass, listenerBlock, loggerBlock, compactionBlock, replayBlock, chainBlock, moduleCacheBlock];
const ORDINARY_MAKERS: BlockMaker[] = [ordinaryFunction, ordinaryObject, typeDeclarations];

function capital(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/** One file of at least `lines` lines (whole blocks only, so it parses); TypeScript unless `ts` is false. */
export function generateFile(seed: number, lines: number, ts: boolean): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const out: string[] = [
    `// Generated by bench/corpus.ts (seed ${seed}); not real code.`,
    ts ? `import winston from 'winston';` : `const winston = require('winston');`,
    ts ? `import { ReplaySubject } from 'rxjs';` : `const { ReplaySubject } = require('rxjs');`,
    ts ? `import pino from 'pino';` : `const pino = require('pino');`,
    ts ? `declare const bunyan: any, Logger: any;` : `/* global bunyan, Logger */`,
    ts ? `interface Ingester { idleSince(now: number): number; compactHead(now: number): void; compactOOOHead(now: number): void; metrics: { compactions: number } }` : ``,
    ``,
  ];
  let id = 0;
  while (out.length < lines) {
    // About one block in four is a construct the rules look at; the rest is ordinary code.
    const maker = random() < 0.25 ? pick(LEAK_MAKERS) : pick(ORDINARY_MAKERS);
    const block = maker(id++, pick, ts);
    if (block.typed && !ts) continue;
    out.push(...block.lines, '');
  }
  return `${out.join('\n')}\n`;
}

export interface CorpusSpec {
  seed: number;
  /** Files per size. */
  filesPerSize: Record<number, number>;
}

export const DEFAULT_CORPUS: CorpusSpec = { seed: 20240601, filesPerSize: { 1000: 60, 10000: 6 } };

/** Writes the corpus under `dir` (replacing what is there) and returns the file paths. */
export function writeCorpus(dir: string, spec: CorpusSpec = DEFAULT_CORPUS): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  const files: string[] = [];
  for (const [size, count] of Object.entries(spec.filesPerSize)) {
    const folder = path.join(dir, `${size}-lines`);
    fs.mkdirSync(folder, { recursive: true });
    for (let index = 0; index < count; index++) {
      const ts = index % 4 !== 3;
      const file = path.join(folder, `file${String(index).padStart(3, '0')}.${ts ? 'ts' : 'js'}`);
      fs.writeFileSync(file, generateFile(spec.seed + Number(size) * 1000 + index, Number(size), ts));
      files.push(file);
    }
  }
  return files;
}
