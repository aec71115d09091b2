import rule from '../../rules/logger-per-call';
import { ruleTester } from '../rule-tester';

const MOVE = 'Create the logger once, at module level';

ruleTester(rule, {
  valid: [
    {
      name: 'a *Logger class imported from a package that is not a logging library',
      code: `import { Logger } from '@azure/msal-common';\nexport function acquire(options) {\n  const logger = new Logger(options.loggerOptions);\n  logger.info('acquire');\n}`,
    },
    {
      name: 'module-level construction',
      code: `import winston from 'winston';\nconst logger = winston.createLogger({});\nexport function handle() { logger.info('x'); }`,
    },
    {
      name: 'static field initializer and static block run once',
      code: `import pino from 'pino';\nclass Service {\n  static log = pino();\n  static {\n    const other = pino({ name: 'other' });\n    Service.log = other;\n  }\n}`,
    },
    {
      name: 'constructor and instance field initializer (checkConstructors is off by default)',
      code: `import pino from 'pino';\nclass Service {\n  log = pino();\n  constructor() { this.other = new AppLogger('service'); }\n}`,
    },
    {
      name: 'logger.child() is cheap by design',
      code: `import pino from 'pino';\nconst logger = pino();\nexport function handle(request) { logger.child({ id: request.id }).info('x'); }`,
    },
    {
      name: 'cached in a field behind ??=',
      code: `import pino from 'pino';\nclass Service {\n  get logger() { return this._logger ??= pino(); }\n}`,
    },
    {
      name: 'cached in a module-level Map behind has()',
      code: `import pino from 'pino';\nconst loggers = new Map();\nexport function loggerFor(name) {\n  if (!loggers.has(name)) loggers.set(name, pino({ name }));\n  return loggers.get(name);\n}`,
    },
    {
      name: 'module-level let filled once with ??=',
      code: `import winston from 'winston';\nlet logger;\nfunction getLogger() { return logger ??= winston.createLogger({}); }\nexport function handle() { getLogger().info('x'); }`,
    },
    {
      name: 'a local cache variable stored under a guard',
      code: `import pino from 'pino';\nconst cache = new Map();\nexport function loggerFor(key) {\n  let logger = cache.get(key);\n  if (!logger) {\n    logger = pino({ name: key });\n    cache.set(key, logger);\n  }\n  return logger;\n}`,
    },
    {
      name: 'memoized with || and an element store',
      code: `class Registry {\n  get(name) { return this.loggers[name] || (this.loggers[name] = new FileLogger(name)); }\n}`,
    },
    {
      name: 'early-return guard on a module-level cache',
      code: `import pino from 'pino';\nlet cached;\nexport function logger() {\n  if (cached) return cached;\n  cached = pino();\n  return cached;\n}`,
    },
    {
      name: 'closure variable of the enclosing factory, filled once',
      code: `import pino from 'pino';\nexport function createApp() {\n  let logger;\n  return {\n    log() {\n      if (!logger) logger = pino();\n      logger.info('x');\n    },\n  };\n}`,
    },
    {
      name: 'a local helper called once, at module level',
      code: `import pino from 'pino';\nfunction setup(app) {\n  const logger = pino();\n  app.use(logger);\n}\nsetup(globalThis.app);`,
    },
    {
      name: 'a factory helper returning the logger, called once from a function called once (tsserver)',
      code: `function initializeSystem() {\n  const logger = createLogger();\n  return { logger };\n  function createLogger() {\n    const file = process.env.LOG_FILE;\n    return new Logger(file, 'verbose');\n  }\n}\nstart(initializeSystem());`,
    },
    {
      name: 'a UMD wrapper runs its factory once',
      code: `(function (root, factory) {\n  module.exports = factory();\n})(this, function () {\n  const logger = new ConsoleLogger();\n  return { logger };\n});`,
      filename: 'umd.js',
    },
    {
      name: 'an exported factory: its callers decide how often it runs',
      code: `import pino from 'pino';\nexport function createAppLogger(name) {\n  return pino({ name });\n}`,
    },
    {
      name: 'a middleware factory: the logger is captured by the returned closure',
      code: `import pino from 'pino';\nexport function requestLogger(options) {\n  const logger = pino(options);\n  return (req, res, next) => {\n    logger.info(req.url);\n    next();\n  };\n}`,
    },
    {
      name: 'a service factory: the logger is captured by a method of the returned object',
      code: `import pino from 'pino';\nexport function createService() {\n  const logger = pino();\n  return { run() { logger.info('run'); } };\n}`,
    },
    {
      name: 'React useMemo and lazy useState run once per component',
      code: `import pino from 'pino';\nimport { useMemo, useState } from 'react';\nexport function App() {\n  const logger = useMemo(() => pino(), []);\n  const [other] = useState(() => pino({ name: 'other' }));\n  return null;\n}`,
      filename: 'app.tsx',
    },
    {
      name: 'test doubles and no-op loggers hold nothing',
      code: `export function makeDeps() {\n  return { a: new MockLogger(), b: new NoopLogger(), c: new NullLogger() };\n}\nexport function test() { makeDeps(); new FakeLogger(); }`,
    },
    {
      name: 'an IIFE at module level runs once',
      code: `import pino from 'pino';\n(function () {\n  const logger = pino();\n  logger.info('start');\n})();`,
    },
    {
      name: 'createLogger imported from a local module is not winston',
      code: `import { createLogger } from './log';\nexport function handle() { createLogger().info('x'); }`,
    },
    {
      name: 'a local debug() function is not the debug package',
      code: `function debug(message) { console.error(message); }\nexport function handle() { debug('handling'); }`,
    },
    {
      name: 'a plain-data Logger class of this file holds nothing when dropped',
      code: `class Logger {\n  constructor(options) {\n    this.level = options.level ?? Logger.defaultLevel();\n  }\n  static defaultLevel() { return 'info'; }\n}\nexport function handle() { new Logger({}).info; }`,
    },
    {
      name: 'names that only look like loggers',
      code: `export function handle() {\n  const a = new Blogger();\n  const b = new LoggerFactory();\n  const c = this.createLogger();\n}`,
    },
    {
      name: 'a custom factories list replaces the defaults',
      code: `import pino from 'pino';\nexport function handle() { pino(); }`,
      options: { factories: ['new *Logger'] },
    },
  ],
  invalid: [
    {
      name: 'a *Logger class from the project\'s own files is flagged by its name',
      code: `import { AuditLogger } from './audit';\nexport function handle(request) {\n  new AuditLogger(request.user).info('hit');\n}`,
      errors: [{ line: 3, column: 3, message: 'new AuditLogger()' }],
    },
    {
      name: 'a *Logger class from a logging library is flagged',
      code: `import { Logger } from 'tslog';\nexport function handle(request) {\n  new Logger({ name: request.path }).info('hit');\n}`,
      errors: [{ line: 3, column: 3, message: 'new Logger()' }],
    },
    {
      name: 'winston.createLogger in a handler: moves with its name',
      code: `import winston from 'winston';\n\nexport function handle(request) {\n  const logger = winston.createLogger({\n    level: 'info',\n    transports: [new winston.transports.Console()],\n  });\n  logger.info(request.url);\n}\n`,
      errors: [{ line: 4, column: 18, message: 'A logger (winston.createLogger()) is constructed on every call of this function' }],
      output: `import winston from 'winston';\n\nconst logger = winston.createLogger({\n  level: 'info',\n  transports: [new winston.transports.Console()],\n});\n\nexport function handle(request) {\n  logger.info(request.url);\n}\n`,
    },
    {
      name: 'named imports from winston, stored unguarded in a field',
      code: `import { createLogger, transports } from 'winston';\n\nexport class Handler {\n  handle() {\n    this.log = createLogger({ transports: [new transports.File({ filename: 'app.log' })] });\n  }\n}\n`,
      errors: [{ line: 5, column: 16, message: 'createLogger()' }],
      output: `import { createLogger, transports } from 'winston';\n\nconst log = createLogger({ transports: [new transports.File({ filename: 'app.log' })] });\n\nexport class Handler {\n  handle() {\n    this.log = log;\n  }\n}\n`,
    },
    {
      name: 'pino() without an import, in a request callback',
      code: `app.get('/', (req, res) => {\n  const log = pino();\n  log.info('hit');\n});\n`,
      errors: [{ line: 2, column: 15, message: 'pino()' }],
      output: `const log = pino();\n\napp.get('/', (req, res) => {\n  log.info('hit');\n});\n`,
    },
    {
      name: 'pino.default() built from a loop variable: no fix',
      code: `import pino from 'pino';\nexport function start(names) {\n  for (const name of names) {\n    const log = pino.default({ name });\n    log.info('up');\n  }\n}`,
      errors: [{ line: 4, column: 17, message: 'pino.default()' }],
      output: null,
    },
    {
      name: 'bunyan required, options from a module constant',
      code: `const bunyan = require('bunyan');\nconst OPTIONS = { name: 'app' };\n\nmodule.exports = function handle() {\n  const log = bunyan.createLogger(OPTIONS);\n  log.info('x');\n};\n`,
      filename: 'handler.js',
      errors: [{ line: 5, column: 15, message: 'bunyan.createLogger()' }],
      output: `const bunyan = require('bunyan');\nconst OPTIONS = { name: 'app' };\n\nconst log = bunyan.createLogger(OPTIONS);\n\nmodule.exports = function handle() {\n  log.info('x');\n};\n`,
    },
    {
      name: 'debug() from the debug package, per call',
      code: `import createDebug from 'debug';\nexport function handle() {\n  const trace = createDebug('app:handle');\n  trace('called');\n}\n`,
      errors: [{ line: 3, column: 17, message: 'createDebug()' }],
      output: `import createDebug from 'debug';\nconst trace = createDebug('app:handle');\n\nexport function handle() {\n  trace('called');\n}\n`,
    },
    {
      name: 'a winston transport alone, per call',
      code: `import * as winston from 'winston';\nexport function attach(logger) {\n  logger.add(new winston.transports.File({ filename: 'app.log' }));\n}\n`,
      errors: [{ line: 3, column: 14, message: 'A logging transport (new winston.transports.File())' }],
      output: `import * as winston from 'winston';\nconst logger2 = new winston.transports.File({ filename: 'app.log' });\n\nexport function attach(logger) {\n  logger.add(logger2);\n}\n`,
    },
    {
      name: 'new <X>Logger using this: no fix',
      code: `class Handler {\n  handle() {\n    const logger = new RequestLogger(this.name);\n    logger.info('x');\n  }\n}`,
      errors: [{ line: 3, column: 20, message: 'new RequestLogger()' }],
      output: null,
    },
    {
      name: 'new console.Console() on a global stream',
      code: `export function report() {\n  const out = new console.Console(process.stderr);\n  out.log('done');\n}\n`,
      errors: [{ line: 2, column: 15, message: 'new console.Console()' }],
      output: `const out = new console.Console(process.stderr);\n\nexport function report() {\n  out.log('done');\n}\n`,
    },
    {
      name: 'log4js.configure() per call: the statement moves',
      code: `import log4js from 'log4js';\n\nexport function handle() {\n  log4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'info' } } });\n  log4js.getLogger().info('x');\n}\n`,
      errors: [{ line: 4, column: 3, message: 'log4js.configure()' }],
      output: `import log4js from 'log4js';\n\nlog4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'info' } } });\n\nexport function handle() {\n  log4js.getLogger().info('x');\n}\n`,
    },
    {
      name: 'a map callback making a logger per item: no fix',
      code: `export function loggers(items) {\n  return items.map((item) => new ItemLogger(item));\n}`,
      errors: [{ line: 2, column: 30, message: 'new ItemLogger()' }],
      output: null,
    },
    {
      name: 'an option computed by a call: a suggestion, not a fix',
      code: `import winston from 'winston';\nfunction levelFromEnv() { return process.env.LEVEL ?? 'info'; }\n\nexport function handle() {\n  const logger = winston.createLogger({ level: levelFromEnv() });\n  logger.info('x');\n}\n`,
      errors: [{ line: 5, column: 18 }],
      output: null,
      suggestions: [{
        title: MOVE,
        output: `import winston from 'winston';\nfunction levelFromEnv() { return process.env.LEVEL ?? 'info'; }\n\nconst logger = winston.createLogger({ level: levelFromEnv() });\n\nexport function handle() {\n  logger.info('x');\n}\n`,
      }],
    },
    {
      name: 'a factory helper called per call: reported where it is called, with the construction as related',
      code: `import pino from 'pino';\nfunction makeLogger(name) {\n  return pino({ name });\n}\nexport function handle(request) {\n  makeLogger(request.path).info('x');\n}`,
      errors: [{ line: 6, column: 3, message: 'A logger (makeLogger(), which returns pino())', relatedLines: [3] }],
    },
    {
      name: 'the tsserver-style helper, but its caller runs per request',
      code: `function initializeSystem() {\n  const logger = createLogger();\n  return { logger };\n  function createLogger() {\n    return new FileLogger(process.env.LOG_FILE);\n  }\n}\nexport function onRequest() {\n  initializeSystem().logger.info('x');\n}`,
      errors: [{ line: 9, column: 3, message: 'A logger (initializeSystem(), which returns new FileLogger())', relatedLines: [5] }],
    },
    {
      name: 'captured by a closure that is not returned: still per call',
      code: `import pino from 'pino';\nexport function handle(request) {\n  const logger = pino({ name: request.path });\n  setTimeout(() => logger.info('later'), 10);\n}`,
      errors: [{ line: 3, column: 18 }],
      output: null,
    },
    {
      name: 'a guard that tests something else does not cache',
      code: `import pino from 'pino';\nlet ready = false;\nexport class Service {\n  start() {\n    if (!ready) {\n      this.logger = pino();\n    }\n  }\n}\n`,
      errors: [{ line: 6, column: 21 }],
      output: `import pino from 'pino';\nlet ready = false;\nconst logger = pino();\n\nexport class Service {\n  start() {\n    if (!ready) {\n      this.logger = logger;\n    }\n  }\n}\n`,
    },
    {
      name: 'a cache filled without a guard',
      code: `import pino from 'pino';\nconst loggers = new Map();\nexport function loggerFor(name) {\n  loggers.set(name, pino({ name }));\n  return loggers.get(name);\n}`,
      errors: [{ line: 4, column: 21 }],
      output: null,
    },
    {
      name: 'a Map local to the function is not a cache',
      code: `import pino from 'pino';\nexport function loggerFor(key) {\n  const cache = new Map();\n  if (!cache.has(key)) cache.set(key, pino());\n  return cache.get(key);\n}\n`,
      errors: [{ line: 4, column: 39 }],
      output: `import pino from 'pino';\nconst logger = pino();\n\nexport function loggerFor(key) {\n  const cache = new Map();\n  if (!cache.has(key)) cache.set(key, logger);\n  return cache.get(key);\n}\n`,
    },
    {
      name: 'checkConstructors: a logger per instance',
      code: `import { AppLogger } from './app-logger';\n\nexport class Session {\n  constructor() {\n    this.logger = new AppLogger('session');\n  }\n}\n`,
      options: { checkConstructors: true },
      errors: [{ line: 5, column: 19, message: 'constructed for every instance of this class' }],
      output: `import { AppLogger } from './app-logger';\n\nconst logger = new AppLogger('session');\n\nexport class Session {\n  constructor() {\n    this.logger = logger;\n  }\n}\n`,
    },
    {
      name: 'the same local name elsewhere: a fresh module name, never `const logger = logger`',
      code: `import winston from 'winston';\n\nexport function a() {\n  const logger = winston.createLogger({});\n  logger.info('a');\n}\n\nexport function b(logger) {\n  logger.info('b');\n}\n`,
      errors: [{ line: 4, column: 18 }],
      output: `import winston from 'winston';\n\nconst logger2 = winston.createLogger({});\n\nexport function a() {\n  const logger = logger2;\n  logger.info('a');\n}\n\nexport function b(logger) {\n  logger.info('b');\n}\n`,
    },
    {
      name: 'a getter runs on every read',
      code: `import pino from 'pino';\nexport class Service {\n  get logger() {\n    return pino({ name: 'service' });\n  }\n}\n`,
      errors: [{ line: 4, column: 12 }],
      output: `import pino from 'pino';\nconst logger = pino({ name: 'service' });\n\nexport class Service {\n  get logger() {\n    return logger;\n  }\n}\n`,
    },
    {
      name: 'a Logger class of this file that opens a stream is not plain data',
      code: `import fs from 'fs';\nclass FileLogger {\n  constructor(path) { this.stream = fs.createWriteStream(path); }\n}\n\nexport function handle() {\n  const logger = new FileLogger('app.log');\n  logger.stream.write('x');\n}\n`,
      errors: [{ line: 7, column: 18, message: 'new FileLogger()' }],
      output: `import fs from 'fs';\nclass FileLogger {\n  constructor(path) { this.stream = fs.createWriteStream(path); }\n}\n\nconst logger = new FileLogger('app.log');\n\nexport function handle() {\n  logger.stream.write('x');\n}\n`,
    },
    {
      name: 'a module constant declared below the function: no fix (it would not be initialized yet)',
      code: `import pino from 'pino';\nexport function handle() {\n  const logger = pino(OPTIONS);\n  logger.info('x');\n}\nconst OPTIONS = { level: 'info' };`,
      errors: [{ line: 3, column: 18 }],
      output: null,
    },
    {
      name: 'a require() inside the expression: a suggestion',
      code: `export function handle() {\n  const log = require('pino')();\n  log.info('x');\n}\n`,
      filename: 'handler.js',
      errors: [{ line: 2, column: 15, message: 'require("pino")()' }],
      output: null,
      suggestions: [{
        title: MOVE,
        output: `const log = require('pino')();\n\nexport function handle() {\n  log.info('x');\n}\n`,
      }],
    },
    {
      name: 'CRLF line breaks are kept',
      code: `import pino from 'pino';\r\nexport function handle() {\r\n  const log = pino();\r\n  log.info('x');\r\n}\r\n`,
      errors: [{ line: 3, column: 15 }],
      output: `import pino from 'pino';\r\nconst log = pino();\r\n\r\nexport function handle() {\r\n  log.info('x');\r\n}\r\n`,
    },
  ],
});
