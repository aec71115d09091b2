import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { runLeaklint } from '../cli-helpers';
import { makeTempTree, REPO_ROOT } from '../helpers';

const LEAKY_HANDLER = `import winston from 'winston';

export function handle(request: { url: string }) {
  const logger = winston.createLogger({ level: 'info' });
  logger.info(request.url);
}
`;

/** Validates a SARIF log against the official 2.1.0 schema; returns the errors. */
function sarifSchemaErrors(log: unknown): string {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  // The official schema has a pattern that is invalid with the /u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  return ajv.validate(schema, log) ? '' : JSON.stringify(ajv.errors, null, 2);
}

const CLEAN = `const logger = console;\nexport function handle() {\n  logger.info('ok');\n}\n`;

describe('CLI', function () {
  this.timeout(60_000);
  let tree: ReturnType<typeof makeTempTree>;

  beforeEach(() => {
    tree = makeTempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'ignored/\n*.generated.ts\n',
      'src/handler.ts': LEAKY_HANDLER,
      'src/clean.ts': CLEAN,
      'src/types.d.ts': LEAKY_HANDLER,
      'src/api.generated.ts': LEAKY_HANDLER,
      'src/readme.md': 'not code',
      'ignored/leak.ts': LEAKY_HANDLER,
      'node_modules/pkg/index.js': LEAKY_HANDLER,
      'dist/bundle.js': LEAKY_HANDLER,
      'vendor/lib.min.js': LEAKY_HANDLER,
      'web/app.jsx': 'export function App() {\n  const log = pino();\n  return <div />;\n}\n',
    });
  });
  afterEach(() => tree.remove());

  describe('stylish output', () => {
    it('lists findings per file with line:col, severity, message and rule id, then a summary', () => {
      const run = runLeaklint([], tree.dir);
      assert.equal(run.status, 0, run.stderr);
      const lines = run.stdout.split('\n');
      assert.equal(lines[0], 'src/handler.ts');
      assert.match(lines[1], /^ {2}4:18 {2}warning {2}A logger \(winston\.createLogger\(\)\) is constructed on every call .* {2}logger-per-call$/);
      assert.equal(lines[3], 'web/app.jsx');
      assert.match(lines[4], /^ {2}2:15 {2}warning .*logger-per-call$/);
      assert.match(run.stdout, /✖ 2 problems \(0 errors, 2 warnings, 0 info\) in 3 files/);
    });

    it('respects .gitignore and the default ignores, and skips .d.ts and non-code files', () => {
      const run = runLeaklint(['--format', 'json'], tree.dir);
      const files = (JSON.parse(run.stdout) as Array<{ filePath: string }>).map((file) => file.filePath);
      assert.deepEqual(files, ['src/clean.ts', 'src/handler.ts', 'web/app.jsx']);
    });

    it('reports a clean run in one line', () => {
      const run = runLeaklint(['src/clean.ts'], tree.dir);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^✔ No leak patterns found in 1 file \(\d+\.\d s\)\.\n$/);
    });

    it('lints a path given explicitly even inside an ignored folder', () => {
      const run = runLeaklint(['node_modules/pkg', '--format', 'json'], tree.dir);
      const files = JSON.parse(run.stdout) as Array<{ filePath: string; warningCount: number }>;
      assert.deepEqual(files.map((file) => [file.filePath, file.warningCount]), [['node_modules/pkg/index.js', 1]]);
    });

    it('--ignore-pattern skips more files', () => {
      const run = runLeaklint(['--ignore-pattern', 'web/', '--format', 'json'], tree.dir);
      const files = (JSON.parse(run.stdout) as Array<{ filePath: string }>).map((file) => file.filePath);
      assert.deepEqual(files, ['src/clean.ts', 'src/handler.ts']);
    });
  });

  describe('json output', () => {
    it('has one object per file with its findings', () => {
      const run = runLeaklint(['src', '--format', 'json'], tree.dir);
      const files = JSON.parse(run.stdout);
      assert.equal(files.length, 2);
      const handler = files.find((file: { filePath: string }) => file.filePath === 'src/handler.ts');
      assert.equal(handler.warningCount, 1);
      assert.equal(handler.errorCount, 0);
      assert.deepEqual(
        { ...handler.findings[0], message: undefined, fix: undefined },
        {
          ruleId: 'logger-per-call', severity: 'warning', message: undefined,
          line: 4, column: 18, endLine: 4, endColumn: 57, related: [], suggestions: [], fix: undefined,
        },
      );
      assert.equal(handler.findings[0].fix.title, 'Create the logger once, at module level');
    });
  });

  describe('sarif output', () => {
    it('is valid SARIF 2.1.0 with rules, levels, 1-based regions and relative paths', () => {
      const run = runLeaklint(['--format', 'sarif', '--rule', 'logger-per-call:error'], tree.dir);
      assert.equal(run.status, 1);
      const log = JSON.parse(run.stdout);
      assert.equal(sarifSchemaErrors(log), '');

      assert.equal(log.version, '2.1.0');
      const run0 = log.runs[0];
      assert.equal(run0.tool.driver.name, 'LeakLint');
      const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'logger-per-call');
      assert.match(rule.helpUri, /docs\/rules\/logger-per-call\.md$/);
      assert.ok(rule.shortDescription.text.length > 0);
      assert.equal(run0.results.length, 2);
      const result = run0.results[0];
      assert.equal(result.ruleId, 'logger-per-call');
      assert.equal(result.level, 'error');
      assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'logger-per-call');
      assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'src/handler.ts', uriBaseId: '%SRCROOT%' });
      assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 18, endLine: 4, endColumn: 57 });
      assert.ok(!run.stdout.includes(tree.dir), 'no absolute paths in the output');
    });

    it('is valid for a file with suppressed findings and syntax errors too', () => {
      fs.writeFileSync(path.join(tree.dir, 'src/odd file ü.ts'),
        `// leaklint-disable-next-line logger-per-call -- one-off script\nfunction f() { pino().info('x'); }\nfunction g( {\n`);
      const run = runLeaklint(['src', '--format', 'sarif'], tree.dir);
      const log = JSON.parse(run.stdout);
      assert.equal(sarifSchemaErrors(log), '');
      const results = log.runs[0].results.filter((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0].physicalLocation.artifactLocation.uri === 'src/odd%20file%20%C3%BC.ts');
      assert.deepEqual(results.map((r: { ruleId: string; suppressions?: unknown[] }) => [r.ruleId, r.suppressions !== undefined]),
        [['logger-per-call', true], ['syntax-error', false]]);
      assert.equal(results[0].suppressions[0].justification, 'one-off script');
    });
  });

  describe('exit codes and options', () => {
    it('exits 0 with warnings only, 1 with an error-level finding', () => {
      assert.equal(runLeaklint([], tree.dir).status, 0);
      const run = runLeaklint(['--rule', 'logger-per-call:error'], tree.dir);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /4:18 {2}error/);
    });

    it('exits 1 when warnings exceed --max-warnings', () => {
      assert.equal(runLeaklint(['--max-warnings', '2'], tree.dir).status, 0);
      const run = runLeaklint(['--max-warnings', '1'], tree.dir);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /2 warnings, more than --max-warnings 1/);
    });

    it('--quiet reports errors only', () => {
      const run = runLeaklint(['--quiet', '--format', 'json'], tree.dir);
      const files = JSON.parse(run.stdout) as Array<{ findings: unknown[] }>;
      assert.equal(files.flatMap((file) => file.findings).length, 0);
    });

    it('--rule id:off turns a rule off', () => {
      const run = runLeaklint(['--rule', 'logger-per-call:off'], tree.dir);
      assert.match(run.stdout, /No leak patterns found in 3 files/);
    });

    it('reads .leaklintrc.json, and --config replaces the lookup', () => {
      fs.writeFileSync(path.join(tree.dir, '.leaklintrc.json'), '{ "rules": { "logger-per-call": "error" }, "ignore": ["web/"] }');
      fs.writeFileSync(path.join(tree.dir, 'other.json'), '{ "rules": { "logger-per-call": "info" } }');
      const fromFile = runLeaklint(['--format', 'json'], tree.dir);
      assert.equal(fromFile.status, 1);
      assert.deepEqual((JSON.parse(fromFile.stdout) as Array<{ filePath: string }>).map((f) => f.filePath), ['src/clean.ts', 'src/handler.ts']);
      const explicit = runLeaklint(['--config', 'other.json', '--format', 'json'], tree.dir);
      assert.equal(explicit.status, 0);
      const infos = (JSON.parse(explicit.stdout) as Array<{ infoCount: number }>).reduce((sum, file) => sum + file.infoCount, 0);
      assert.equal(infos, 2);
    });

    it('exits 2 with a clear message for a broken config, without a stack trace', () => {
      fs.writeFileSync(path.join(tree.dir, '.leaklintrc.json'), '{ "rules": { "loger-per-call": "warn" } }');
      const run = runLeaklint([], tree.dir);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr,
        'leaklint: configuration error in .leaklintrc.json:\n  - rules["loger-per-call"]: unknown rule "loger-per-call" (did you mean "logger-per-call"?)\n');
    });

    it('exits 2 for invalid JSON in the config, naming line and column', () => {
      fs.writeFileSync(path.join(tree.dir, '.leaklintrc.json'), '{ "rules": }');
      const run = runLeaklint([], tree.dir);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /configuration error in \.leaklintrc\.json:\n {2}- invalid JSON at 1:12: /);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });

    it('exits 2 for usage errors', () => {
      for (const args of [['--format', 'xml'], ['--bogus'], ['--max-warnings', 'many'], ['--rule', 'nope:error'], ['missing-folder'], ['--config', 'nope.json']]) {
        const run = runLeaklint(args, tree.dir);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, /^leaklint: /, args.join(' '));
        assert.doesNotMatch(run.stderr, /\n\s+at /);
      }
    });

    it('--help documents every option', () => {
      const run = runLeaklint(['--help'], tree.dir);
      assert.equal(run.status, 0);
      for (const option of ['--format', '--fix', '--max-warnings', '--rule', '--config', '--quiet', '--ignore-pattern', '--output-file']) {
        assert.ok(run.stdout.includes(option), option);
      }
    });

    it('--output-file writes the report to a file', () => {
      const run = runLeaklint(['--format', 'sarif', '-o', 'report.sarif'], tree.dir);
      assert.equal(run.stdout, '');
      assert.equal(JSON.parse(fs.readFileSync(path.join(tree.dir, 'report.sarif'), 'utf8')).version, '2.1.0');
    });
  });

  describe('files that cannot be linted', () => {
    it('reports one notice per file and goes on', () => {
      fs.writeFileSync(path.join(tree.dir, 'src/binary.ts'), Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
      fs.writeFileSync(path.join(tree.dir, 'src/huge.ts'), `// ${'x'.repeat(2000)}\n`.repeat(600));
      const run = runLeaklint(['src', '--format', 'json'], tree.dir);
      assert.equal(run.status, 0);
      const files = JSON.parse(run.stdout) as Array<{ filePath: string; skipped?: string; warningCount: number }>;
      const byPath = Object.fromEntries(files.map((file) => [file.filePath, file]));
      assert.match(byPath['src/binary.ts'].skipped!, /looks binary/);
      assert.match(byPath['src/huge.ts'].skipped!, /larger than maxFileSize/);
      assert.equal(byPath['src/handler.ts'].warningCount, 1);
    });
  });
});
