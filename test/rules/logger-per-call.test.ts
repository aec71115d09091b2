import rule from '../../rules/logger-per-call';
import { ruleTester } from '../rule-tester';

ruleTester(rule, {
  valid: [
    `import winston from 'winston';\nconst logger = winston.createLogger({});\nexport function handle() { logger.info('x'); }`,
    `class Service {\n  constructor() { this.logger = new AppLogger('service'); }\n}`,
    `const log = pino();`,
    `function handle(logger) { logger.child({ id: 1 }).info('x'); }`,
  ],
  invalid: [
    {
      code: `import winston from 'winston';\nexport function handle(req) {\n  const logger = winston.createLogger({ level: 'info' });\n  logger.info(req.url);\n}`,
      errors: [{ line: 3, column: 18, message: 'winston.createLogger()' }],
    },
    {
      code: `app.get('/', (req, res) => {\n  const log = pino();\n  log.info('hit');\n});`,
      errors: [{ line: 2, column: 15, message: 'pino()' }],
    },
    {
      code: `class Handler {\n  handle() {\n    const logger = new RequestLogger(this.name);\n  }\n}`,
      errors: [{ line: 3, column: 20, message: 'new RequestLogger()' }],
    },
  ],
});
