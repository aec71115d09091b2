import rule from '../../rules/missing-companion-call';
import { ruleTester } from '../rule-tester';

const ADD_RELEASE = 'Add the missing `release()` call';
const ADD_UNLOCK = 'Add the missing `unlock()` call';

ruleTester(rule, {
  valid: [
    {
      name: 'both compactions on the same receiver',
      code: `export class Ingester {\n  async closeIdle() {\n    await this.db.compactHead();\n    await this.db.compactOOOHead();\n  }\n}`,
    },
    {
      name: 'the companion in a finally block',
      code: `export async function withLock(mutex, work) {\n  await mutex.lock();\n  try {\n    return await work();\n  } finally {\n    mutex.unlock();\n  }\n}`,
    },
    {
      name: 'the companion in a callback inside the same function',
      code: `export function compactLater(db) {\n  db.compactHead();\n  setTimeout(() => db.compactOOOHead(), 10);\n}`,
    },
    {
      name: 'acquire() returning its release function, which is called',
      code: `export async function run(mutex) {\n  const done = await mutex.acquire();\n  try {\n    work();\n  } finally {\n    done();\n  }\n}`,
    },
    {
      name: 'a disposable held by using',
      code: `export function run(pool) {\n  using connection = pool.acquire();\n  connection.query('select 1');\n}`,
    },
    {
      name: 'the acquired resource is returned: the caller releases it',
      code: `export function checkout(pool) {\n  return pool.acquire();\n}`,
    },
    {
      name: 'the acquired resource is passed on through then()',
      code: `export function run(pool) {\n  pool.acquire().then((connection) => use(connection));\n}`,
    },
    {
      name: 'a callback-scoped lock releases itself',
      code: `export class Writer {\n  async write(message) {\n    await this.semaphore.lock(async () => {\n      await this.stream.write(message);\n    });\n  }\n}`,
    },
    {
      name: 'a wrapper named after the call is one half of a pair itself',
      code: `export class Pool {\n  async acquire() {\n    await this.semaphore.acquire();\n    this.active++;\n  }\n  release() {\n    this.active--;\n    this.semaphore.release();\n  }\n}`,
    },
    {
      name: 'a prototype wrapper named lock',
      code: `Worker.prototype.tryLock = async function () {\n  await this.mutex.lock();\n};`,
      filename: 'worker.js',
    },
    {
      name: 'a synchronous lock() is a state flag, not a held lock',
      code: `export function finish(worker) {\n  worker.lock();\n  forge.log.lock(consoleLogger);\n}`,
    },
    {
      name: 'console.time and console.timeEnd with the same label in different functions',
      code: `export function start() {\n  console.time('load');\n}\nexport function stop() {\n  console.timeEnd("load");\n}`,
    },
    {
      name: 'performance marks cleared elsewhere in the file',
      code: `export function start() {\n  performance.mark('start');\n  performance.measure('total', 'start');\n}\nexport function flush() {\n  performance.clearMarks();\n  performance.clearMeasures();\n}`,
    },
    {
      name: 'the companion passed as a callback counts',
      code: `export async function stream(semaphore, source) {\n  await semaphore.acquire();\n  source.on('close', semaphore.release);\n}`,
    },
    {
      name: 'a method merely named like the call is not called',
      code: `export function names(db) {\n  const compact = db.compactHead;\n  return [block(), unlockAll(), compact];\n}`,
    },
    {
      name: 'a custom pairs list replaces the defaults',
      code: `export async function run(sem) {\n  await sem.acquire();\n}`,
      options: { pairs: [{ call: 'compactHead', requires: ['compactOOOHead'] }] },
    },
    {
      name: 'class scope: the companion in another method',
      code: `export class View {\n  mount() { this.store.subscribe(this.render); }\n  unmount() { this.store.unsubscribe(this.render); }\n}`,
      options: { pairs: [{ call: 'subscribe', requires: ['unsubscribe'], scope: 'class', sameReceiver: true }] },
    },
  ],
  invalid: [
    {
      name: 'story 3: compactHead without compactOOOHead, awaited',
      code: `export class Ingester {\n  async closeIdle() {\n    await this.db.compactHead();\n  }\n}\n`,
      errors: [{ line: 3, column: 11, message: '`compactHead()` has no matching `compactOOOHead()` in this function' }],
      output: `export class Ingester {\n  async closeIdle() {\n    await this.db.compactHead();\n    await this.db.compactOOOHead();\n  }\n}\n`,
    },
    {
      name: 'the companion on another receiver does not count',
      code: `export function compact(db, other) {\n  db.compactHead();\n  other.compactOOOHead();\n}\n`,
      errors: [{ line: 2, column: 3 }],
      output: `export function compact(db, other) {\n  db.compactHead();\n  db.compactOOOHead();\n  other.compactOOOHead();\n}\n`,
    },
    {
      name: 'inside a variable statement, not awaited',
      code: `export function compact(head) {\n  const stats = head.compactHead();\n  return stats;\n}\n`,
      errors: [{ line: 2, column: 17 }],
      output: `export function compact(head) {\n  const stats = head.compactHead();\n  head.compactOOOHead();\n  return stats;\n}\n`,
    },
    {
      name: 'an arrow expression body has no statement to follow: no fix',
      code: `export const compact = (db) => db.compactHead();`,
      errors: [{ line: 1, column: 32 }],
      output: null,
    },
    {
      name: 'an if without braces: no fix',
      code: `export function compact(db, idle) {\n  if (idle) db.compactHead();\n}`,
      errors: [{ line: 2, column: 13 }],
      output: null,
    },
    {
      name: 'a receiver with a call in it: no fix',
      code: `export function compact() {\n  openDb().compactHead();\n}`,
      errors: [{ line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'optional chaining is kept',
      code: `export class Ingester {\n  close() {\n    this.db?.compactHead();\n  }\n  flush() {\n    this.db?.compactOOOHead();\n  }\n}\n`,
      errors: [{ line: 3, column: 5 }],
      output: `export class Ingester {\n  close() {\n    this.db?.compactHead();\n    this.db?.compactOOOHead();\n  }\n  flush() {\n    this.db?.compactOOOHead();\n  }\n}\n`,
    },
    {
      name: 'acquire awaited, never released: a suggestion only',
      code: `export async function handle(semaphore) {\n  await semaphore.acquire();\n  await work();\n}\n`,
      errors: [{ line: 2, column: 9, message: '`acquire()` has no matching `release()` or `destroy()` in this function' }],
      output: null,
      suggestions: [{ title: ADD_RELEASE, output: `export async function handle(semaphore) {\n  await semaphore.acquire();\n  await semaphore.release();\n  await work();\n}\n` }],
    },
    {
      name: 'the acquired connection is bound to a variable nobody reads',
      code: `export async function ping(pool) {\n  const connection = await pool.acquire();\n  return true;\n}\n`,
      errors: [{ line: 2, column: 28 }],
      output: null,
      suggestions: [{ title: ADD_RELEASE, output: `export async function ping(pool) {\n  const connection = await pool.acquire();\n  await pool.release();\n  return true;\n}\n` }],
    },
    {
      name: 'a synchronous reference count taken and never given back',
      code: `export function open(document) {\n  document.refs.acquire();\n  render(document);\n}\n`,
      errors: [{ line: 2, column: 3 }],
      output: null,
      suggestions: [{ title: ADD_RELEASE, output: `export function open(document) {\n  document.refs.acquire();\n  document.refs.release();\n  render(document);\n}\n` }],
    },
    {
      name: 'an awaited lock() with no unlock()',
      code: `export async function update(mutex, state) {\n  await mutex.lock();\n  state.count++;\n}\n`,
      errors: [{ line: 2, column: 9 }],
      output: null,
      suggestions: [{ title: ADD_UNLOCK, output: `export async function update(mutex, state) {\n  await mutex.lock();\n  await mutex.unlock();\n  state.count++;\n}\n` }],
    },
    {
      name: 'console.timeEnd with another label does not end this one',
      code: `export function load() {\n  console.time('load');\n  fetchAll();\n  console.timeEnd('fetch');\n}\n`,
      errors: [{ line: 2, column: 3, message: "`console.time()` has no matching `console.timeEnd()` for `'load'` in this file" }],
      output: null,
      suggestions: [{
        title: 'Add the missing `console.timeEnd()` call',
        output: `export function load() {\n  console.time('load');\n  console.timeEnd('load');\n  fetchAll();\n  console.timeEnd('fetch');\n}\n`,
      }],
    },
    {
      name: 'console.time with a computed label that cannot be repeated: no suggestion',
      code: `export function load() {\n  console.time(nextLabel());\n}`,
      errors: [{ line: 2, column: 3 }],
    },
    {
      name: 'performance.mark never cleared',
      code: `export function start() {\n  performance.mark('start');\n}\n`,
      errors: [{ line: 2, column: 3, message: '`performance.clearMarks()` in this file' }],
      output: null,
      suggestions: [{
        title: 'Add the missing `performance.clearMarks()` call',
        output: `export function start() {\n  performance.mark('start');\n  performance.clearMarks();\n}\n`,
      }],
    },
    {
      name: 'measures not cleared although marks are; through window',
      code: `export function end() {\n  window.performance.measure('total', 'start');\n  window.performance.clearMarks();\n}\n`,
      errors: [{ line: 2, column: 3, message: 'performance.clearMeasures()' }],
      output: null,
      suggestions: [{
        title: 'Add the missing `performance.clearMeasures()` call',
        output: `export function end() {\n  window.performance.measure('total', 'start');\n  window.performance.clearMeasures();\n  window.performance.clearMarks();\n}\n`,
      }],
    },
    {
      name: 'class scope: a suggestion only',
      code: `export class View {\n  mount() {\n    this.store.subscribe(this.render);\n  }\n}\n`,
      options: { pairs: [{ call: 'subscribe', requires: ['unsubscribe'], scope: 'class', sameReceiver: true }] },
      errors: [{ line: 3, column: 5, message: 'in this class' }],
      output: null,
      suggestions: [{
        title: 'Add the missing `unsubscribe()` call',
        output: `export class View {\n  mount() {\n    this.store.subscribe(this.render);\n    this.store.unsubscribe();\n  }\n}\n`,
      }],
    },
    {
      name: 'a custom function-scope pair with the same first argument: a fix',
      code: `import * as fs from 'node:fs';\nexport function touch(path, other) {\n  const fd = fs.openSync(path);\n  fs.closeSync(other);\n  return fd;\n}\n`,
      options: { pairs: [{ call: 'openSync', requires: ['closeSync'], sameReceiver: true, sameArguments: true }] },
      errors: [{ line: 3, column: 14 }],
      output: `import * as fs from 'node:fs';\nexport function touch(path, other) {\n  const fd = fs.openSync(path);\n  fs.closeSync(path);\n  fs.closeSync(other);\n  return fd;\n}\n`,
    },
    {
      name: 'a plain function pair',
      code: `export function critical() {\n  lock();\n  mutate();\n}\n`,
      options: { pairs: [{ call: 'lock', requires: ['unlock'] }] },
      errors: [{ line: 2, column: 3 }],
      output: `export function critical() {\n  lock();\n  unlock();\n  mutate();\n}\n`,
    },
    {
      name: 'the companion in another method does not count at function scope',
      code: `export class Ingester {\n  closeIdle() {\n    this.db.compactHead();\n  }\n  compactOOO() {\n    this.db.compactOOOHead();\n  }\n}\n`,
      errors: [{ line: 3, column: 5 }],
      output: `export class Ingester {\n  closeIdle() {\n    this.db.compactHead();\n    this.db.compactOOOHead();\n  }\n  compactOOO() {\n    this.db.compactOOOHead();\n  }\n}\n`,
    },
    {
      name: 'CRLF line breaks are kept',
      code: `export async function close(db) {\r\n  await db.compactHead();\r\n}\r\n`,
      errors: [{ line: 2, column: 9 }],
      output: `export async function close(db) {\r\n  await db.compactHead();\r\n  await db.compactOOOHead();\r\n}\r\n`,
    },
  ],
});
