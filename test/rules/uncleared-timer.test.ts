import rule from '../../rules/uncleared-timer';
import { ruleTester } from '../rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'a script\'s top-level interval lives as long as the process on purpose',
      code: `setInterval(() => console.log(process.memoryUsage()), 10000);`,
    },
    {
      name: 'an interval started by a module-level IIFE runs once per process',
      code: `(function () {\n  setInterval(report, 1000);\n})();`,
    },
    {
      name: 'a function only called at load time runs once',
      code: `function startReporting() {\n  setInterval(report, 1000);\n}\nstartReporting();`,
    },
    {
      name: 'a function guarded by a module-level once flag runs once',
      code: `let started;\nfunction ensureStarted() {\n  if (started) return;\n  started = true;\n  setInterval(flush, 1000);\n}\nexport function log(line) {\n  ensureStarted();\n  buffer.push(line);\n}`,
    },
    {
      name: 'an unref()\'d interval in a CLI helper does not keep the process alive and has no owner to outlive',
      code: `export function startSpinner() {\n  setInterval(render, 80).unref();\n}`,
    },
    {
      name: 'a private field cleared in dispose',
      code: `class Poller {\n  private timer?: ReturnType<typeof setInterval>;\n  start() {\n    this.timer = setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  dispose() {\n    clearInterval(this.timer);\n  }\n}`,
    },
    {
      name: 'a handle cleared through an alias',
      code: `class Poller {\n  #timer;\n  start() {\n    this.#timer = setInterval(() => this.poll(), 1000);\n  }\n  stop() {\n    const timer = this.#timer;\n    clearInterval(timer);\n  }\n}`,
    },
    {
      name: 'a module variable cleared in a process exit handler',
      code: `let heartbeat;\nexport function connect() {\n  heartbeat = setInterval(ping, 5000);\n}\nprocess.on('exit', () => clearInterval(heartbeat));`,
    },
    {
      name: 'timers in test files',
      filename: 'src/poller.test.ts',
      code: `it('polls', () => {\n  setInterval(() => poll(), 10);\n});`,
    },
    {
      name: 'a function callback that clears itself through this (Node passes the Timeout)',
      code: `export function waitFor(check) {\n  setInterval(function () {\n    if (check()) clearInterval(this);\n  }, 50);\n}`,
    },
    {
      name: 'near miss: a public field may be cleared from elsewhere (checkPublic is off)',
      code: `class Poller {\n  timer?: ReturnType<typeof setInterval>;\n  start() {\n    this.timer = setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  dispose() {}\n}`,
    },
    {
      name: 'near miss: an exported module variable may be cleared by importers',
      code: `export let ticker;\nexport function start() {\n  ticker = setInterval(tick, 1000);\n}`,
    },
    {
      name: 'a re-arming timeout that checks a flag the disposal method sets',
      code: `class Loop {\n  private disposed = false;\n  tick() {\n    if (this.disposed) return;\n    setTimeout(() => this.tick(), 100);\n  }\n  dispose() {\n    this.disposed = true;\n  }\n}`,
    },
    {
      name: 'near miss: a re-arming timeout in a class with no end of life',
      code: `class Clock {\n  tick() {\n    setTimeout(() => this.tick(), 1000);\n  }\n}`,
    },
    {
      name: 'near miss: a timeout whose callback calls another method does not re-arm',
      code: `class Saver {\n  schedule() {\n    setTimeout(() => this.save(), 1000);\n  }\n  save() {}\n  dispose() {}\n}`,
    },
    {
      name: 'an effect whose cleanup clears the interval',
      filename: 'clock.tsx',
      code: `function Clock() {\n  useEffect(() => {\n    const id = setInterval(tick, 1000);\n    return () => clearInterval(id);\n  }, []);\n}`,
    },
    {
      name: 'an effect returning a cleanup we cannot see into',
      filename: 'clock.tsx',
      code: `function Clock() {\n  useEffect(() => {\n    const id = setInterval(tick, 1000);\n    return stopAll;\n  }, []);\n}`,
    },
    {
      name: 'a handle kept in a local can be cleared by the code around it',
      code: `export function poll(check) {\n  const id = setInterval(() => check() && done(id), 100);\n}`,
    },
    {
      name: 'setInterval from timers/promises is an async iterator that ends with its loop',
      code: `import { setInterval } from 'node:timers/promises';\nexport async function run() {\n  for await (const _ of setInterval(1000)) work();\n}`,
    },
    {
      name: 'a watchdog that ends the process is meant to live as long as the process',
      code: `export function watchParent(pid) {\n  setInterval(() => {\n    if (!alive(pid)) process.exit(1);\n  }, 3000);\n}`,
    },
    {
      name: 'Node\'s timeout.close() clears the interval',
      code: `class Poller {\n  private timer;\n  start() { this.timer = setInterval(poll, 1000); }\n  dispose() { this.timer.close(); }\n}`,
    },
    {
      name: 'a host timer that hands back a disposable, disposed later',
      code: `class Scheduler {\n  private handle;\n  trigger() { this.handle = host.timer.setInterval(run, 200); }\n  stop() { this.handle?.dispose(); }\n}`,
    },
    {
      name: 'a handle handed to a collection escapes',
      code: `class Pool {\n  private timers = [];\n  add() { this.timers.push(setInterval(run, 100)); }\n}`,
    },
  ],
  invalid: [
    {
      name: 'a discarded interval in a function: suggestion keeps the handle',
      code: `export function watch(path) {\n  setInterval(() => check(path), 1000);\n}`,
      errors: [{ line: 2, column: 3, message: 'handle is discarded, so it can never be cleared' }],
      suggestions: [{
        title: 'Keep the interval handle in a const',
        output: `export function watch(path) {\n  const interval = setInterval(() => check(path), 1000);\n}`,
      }],
    },
    {
      name: 'the suggested name avoids one already used in the function',
      code: `export function watch(interval) {\n  window.setInterval(() => check(), interval);\n}`,
      errors: [{ line: 2, column: 3 }],
      suggestions: [{
        title: 'Keep the interval handle in a const',
        output: `export function watch(interval) {\n  const interval2 = window.setInterval(() => check(), interval);\n}`,
      }],
    },
    {
      name: 'a discarded interval in a class with dispose: stored in a new field and cleared there',
      code: `class Poller {\n  private readonly url: string;\n  start() {\n    setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  dispose() {\n    this.closed = true;\n  }\n}`,
      errors: [{ line: 4, column: 5, message: 'keeps running after dispose()' }],
      output: `class Poller {\n  private interval?: ReturnType<typeof setInterval>;\n  private readonly url: string;\n  start() {\n    this.interval = setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  dispose() {\n    clearInterval(this.interval);\n    this.closed = true;\n  }\n}`,
    },
    {
      name: 'in JavaScript the new field is not declared, and an empty close() gets a body',
      filename: 'poller.js',
      code: `class Poller {\n  constructor() {\n    setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  close() {}\n}`,
      errors: [{ line: 3, column: 5 }],
      output: `class Poller {\n  constructor() {\n    this.interval = setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n  close() {\n    clearInterval(this.interval);\n  }\n}`,
    },
    {
      name: 'a private field never cleared, with a disposal method: clear it there',
      code: `class Cache {\n  private sweeper?: ReturnType<typeof setInterval>;\n  constructor() {\n    this.sweeper = setInterval(() => this.sweep(), 60000);\n  }\n  sweep() {}\n  [Symbol.dispose]() {\n    this.entries.clear();\n  }\n}`,
      errors: [{ line: 4, column: 20, message: 'this.sweeper is never passed to clearInterval', relatedLines: [4] }],
      output: `class Cache {\n  private sweeper?: ReturnType<typeof setInterval>;\n  constructor() {\n    this.sweeper = setInterval(() => this.sweep(), 60000);\n  }\n  sweep() {}\n  [Symbol.dispose]() {\n    clearInterval(this.sweeper);\n    this.entries.clear();\n  }\n}`,
    },
    {
      name: 'a private field never cleared in a class with no disposal method: no fix',
      code: `class Cache {\n  #sweeper;\n  constructor() {\n    this.#sweeper = setInterval(() => this.sweep(), 60000);\n  }\n  sweep() {}\n}`,
      errors: [{ line: 4, column: 21, message: 'this.#sweeper' }],
    },
    {
      name: 'a field initializer runs per instance',
      code: `class Metrics {\n  private readonly flusher = setInterval(() => this.flush(), 5000);\n  flush() {}\n  shutdown() {\n    this.flush();\n  }\n}`,
      errors: [{ line: 2, column: 30, message: 'even after shutdown()' }],
      output: `class Metrics {\n  private readonly flusher = setInterval(() => this.flush(), 5000);\n  flush() {}\n  shutdown() {\n    clearInterval(this.flusher);\n    this.flush();\n  }\n}`,
    },
    {
      name: 'a module variable set in a function and never cleared',
      code: `let heartbeat: ReturnType<typeof setInterval> | undefined;\nexport function connect() {\n  heartbeat = setInterval(ping, 5000);\n}`,
      errors: [{ line: 3, column: 15, message: 'heartbeat is never passed to clearInterval in this module', relatedLines: [1] }],
    },
    {
      name: 'with checkPublic, a public field is checked too',
      options: { checkPublic: true },
      code: `class Poller {\n  timer?: ReturnType<typeof setInterval>;\n  start() {\n    this.timer = setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n}`,
      errors: [{ line: 4, column: 18 }],
    },
    {
      name: 'an unref()\'d interval still outlives an object that has an end of life',
      code: `class Agent {\n  start() {\n    setInterval(() => this.ping(), 1000).unref();\n  }\n  ping() {}\n  destroy() {\n    this.sockets.clear();\n  }\n}`,
      errors: [{ line: 3, column: 5, message: 'after destroy()' }],
      output: `class Agent {\n  private interval?: ReturnType<typeof setInterval>;\n  start() {\n    this.interval = setInterval(() => this.ping(), 1000).unref();\n  }\n  ping() {}\n  destroy() {\n    clearInterval(this.interval);\n    this.sockets.clear();\n  }\n}`,
    },
    {
      name: 'a configured disposal method',
      options: { disposeMethods: ['release'] },
      code: `class Lease {\n  renew() {\n    setInterval(() => this.extend(), 1000);\n  }\n  extend() {}\n  release() { this.held = false; }\n}`,
      errors: [{ line: 3, column: 5, message: 'after release()' }],
      output: `class Lease {\n  private interval?: ReturnType<typeof setInterval>;\n  renew() {\n    this.interval = setInterval(() => this.extend(), 1000);\n  }\n  extend() {}\n  release() { clearInterval(this.interval); this.held = false; }\n}`,
    },
    {
      name: 'a self re-arming timeout in a class with a disposal method',
      code: `class Loop {\n  tick() {\n    this.work();\n    setTimeout(() => this.tick(), 100);\n  }\n  work() {}\n  close() {\n    this.log('closed');\n  }\n}`,
      errors: [{ line: 4, column: 5, message: 're-arms itself (its callback calls this.tick() again)' }],
      output: `class Loop {\n  private timeout?: ReturnType<typeof setTimeout>;\n  tick() {\n    this.work();\n    this.timeout = setTimeout(() => this.tick(), 100);\n  }\n  work() {}\n  close() {\n    clearTimeout(this.timeout);\n    this.log('closed');\n  }\n}`,
    },
    {
      name: 'a re-arming timeout through bind, handle stored but never cleared',
      code: `class Poller {\n  private next?: ReturnType<typeof setTimeout>;\n  poll() {\n    this.next = setTimeout(this.poll.bind(this), 500);\n  }\n  stop() {\n    this.log('stopped');\n  }\n}`,
      errors: [{ line: 4, column: 17, message: 'this.poll() again' }],
      output: `class Poller {\n  private next?: ReturnType<typeof setTimeout>;\n  poll() {\n    this.next = setTimeout(this.poll.bind(this), 500);\n  }\n  stop() {\n    clearTimeout(this.next);\n    this.log('stopped');\n  }\n}`,
    },
    {
      name: 'React: an effect that starts an interval and returns nothing',
      filename: 'clock.tsx',
      code: `function Clock() {\n  useEffect(() => {\n    setInterval(tick, 1000);\n  }, []);\n  return null;\n}`,
      errors: [{ line: 3, column: 5, message: 'returns no cleanup' }],
      output: `function Clock() {\n  useEffect(() => {\n    const interval = setInterval(tick, 1000);\n    return () => clearInterval(interval);\n  }, []);\n  return null;\n}`,
    },
    {
      name: 'React: an expression-bodied effect hands React the handle as if it were a cleanup',
      filename: 'clock.tsx',
      code: `function Clock() {\n  React.useLayoutEffect(() => setInterval(tick, 1000), []);\n}`,
      errors: [{ line: 2, column: 31 }],
      output: `function Clock() {\n  React.useLayoutEffect(() => {\n    const interval = setInterval(tick, 1000);\n    return () => clearInterval(interval);\n  }, []);\n}`,
    },
    {
      name: 'React: a handle kept in a const but never cleared',
      filename: 'clock.tsx',
      code: `function Clock() {\n  useEffect(() => {\n    const id = setInterval(tick, 1000);\n  }, [tick]);\n}`,
      errors: [{ line: 3, column: 16 }],
      output: `function Clock() {\n  useEffect(() => {\n    const id = setInterval(tick, 1000);\n    return () => clearInterval(id);\n  }, [tick]);\n}`,
    },
    {
      name: 'React: a cleanup that does not clear the discarded interval',
      filename: 'clock.tsx',
      code: `function Clock() {\n  useEffect(() => {\n    setInterval(tick, 1000);\n    return () => window.removeEventListener('resize', onResize);\n  }, []);\n}`,
      errors: [{ line: 3, column: 5 }],
      output: null,
    },
    {
      name: 'a discarded interval inside a callback of a method of an object literal',
      code: `export const watchdog = {\n  initialize(params) {\n    setInterval(() => check(params.pid), 3000);\n  },\n};`,
      errors: [{ line: 3, column: 5 }],
      suggestions: [{
        title: 'Keep the interval handle in a const',
        output: `export const watchdog = {\n  initialize(params) {\n    const interval = setInterval(() => check(params.pid), 3000);\n  },\n};`,
      }],
    },
  ],
});
