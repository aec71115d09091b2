import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { buildConfigSchema } from '../../server/engine/config-schema';
import { ConfigError, ConfigResolver, parseConfigText } from '../../server/engine/config';
import { RuleRegistry } from '../../server/engine/registry';
import { makeTempTree, REPO_ROOT } from '../helpers';

const registry = new RuleRegistry(allRules);

function problemsOf(text: string): string[] {
  try {
    parseConfigText('/project/.leaklintrc.json', text, registry);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.file, '/project/.leaklintrc.json');
    return error.problems;
  }
  return [];
}

describe('config validation', () => {
  it('accepts severities, [severity], [severity, options], comments', () => {
    assert.deepEqual(problemsOf('{ "rules": { "logger-per-call": "error" } }'), []);
    assert.deepEqual(problemsOf('{ "rules": { "logger-per-call": ["info"] } }'), []);
    assert.deepEqual(problemsOf('// a comment\n{ "rules": { "logger-per-call": ["off", {}] }, "ignore": ["gen/**"] }'), []);
  });

  it('names an unknown rule and suggests the closest', () => {
    assert.deepEqual(problemsOf('{ "rules": { "loger-per-call": "error" } }'),
      ['rules["loger-per-call"]: unknown rule "loger-per-call" (did you mean "logger-per-call"?)']);
  });

  it('names a bad severity', () => {
    assert.deepEqual(problemsOf('{ "rules": { "logger-per-call": "warn" } }'),
      ['rules["logger-per-call"]: severity must be one of "off", "info", "warning", "error", got "warn" (did you mean "warning"?)']);
    assert.match(problemsOf('{ "rules": { "logger-per-call": [2] } }')[0], /rules\["logger-per-call"\]\[0\]: severity must be/);
  });

  it('names bad options', () => {
    assert.deepEqual(problemsOf('{ "rules": { "logger-per-call": ["error", { "nope": 1 }] } }'),
      ['rules["logger-per-call"][1].nope: is not a known property (known: factories, checkConstructors)']);
  });

  it('names wrong types and unknown top-level keys', () => {
    assert.deepEqual(problemsOf('{ "rules": [], "ignores": [] }'),
      ['rules: expected object, got []', 'ignores: is not a known property (known: $schema, root, rules, ignore, maxFileSize)']);
    assert.deepEqual(problemsOf('{ "ignore": "dist" }'), ['ignore: expected array, got "dist"']);
  });

  it('reads plain JSON and the same settings with comments and trailing commas alike', () => {
    // Plain JSON takes the fast path (JSON.parse); the rest goes through the TypeScript-based reader.
    const plain = '{ "root": true, "rules": { "logger-per-call": ["error", { "checkConstructors": false }], "__proto__": "off" }, "maxFileSize": 2048 }';
    const commented = '// a comment\n{ "root": true, "rules": { "logger-per-call": ["error", { "checkConstructors": false, },], /* x */ "__proto__": "off", }, "maxFileSize": 2048, }';
    const read = (text: string) => {
      try {
        return parseConfigText('/project/.leaklintrc.json', text, registry);
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    assert.deepEqual(read(plain), ['rules["__proto__"]: unknown rule "__proto__"']);
    assert.deepEqual(read(commented), read(plain));
    const valid = (text: string) => text.replace(/, (\/\* x \*\/ )?"__proto__": "off"/, '');
    assert.deepEqual(read(valid(commented)), read(valid(plain)));
    assert.equal((read(valid(plain)) as { root: boolean }).root, true);
  });

  it('gives the line and column of invalid JSON', () => {
    const [problem] = problemsOf('{\n  "rules": { "logger-per-call": "error" \n');
    assert.match(problem, /^invalid JSON at 3:1: /);
  });

  it('the shipped schema file matches the rules', () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'leaklintrc.schema.json'), 'utf8'));
    assert.deepEqual(shipped, buildConfigSchema(registry), 'run `npm run gen:schema` after changing a rule\'s options');
  });
});

describe('config lookup', () => {
  let tree: ReturnType<typeof makeTempTree>;
  before(() => {
    tree = makeTempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.leaklintrc.json': '{ "rules": { "logger-per-call": "error" }, "ignore": ["generated/"] }',
      'src/a.ts': '',
      'src/generated/b.ts': '',
      'packages/lib/.leaklintrc.json': '{ "rules": { "logger-per-call": "info" } }',
      'packages/lib/c.ts': '',
      'packages/isolated/.leaklintrc.json': '{ "root": true, "rules": {} }',
      'packages/isolated/d.ts': '',
      'broken/.leaklintrc.json': '{ "rules": { "nope": "error" } }',
      'broken/e.ts': '',
    });
  });
  after(() => tree.remove());

  const severityAt = (resolver: ConfigResolver, file: string) =>
    resolver.forFile(path.join(tree.dir, file)).enabledRules.find((r) => r.rule.meta.id === 'logger-per-call')?.severity ?? 'off';

  it('merges configs from the file upwards, nearer winning', () => {
    const resolver = new ConfigResolver({ registry });
    assert.equal(severityAt(resolver, 'src/a.ts'), 'error');
    assert.equal(severityAt(resolver, 'packages/lib/c.ts'), 'info');
    assert.deepEqual(resolver.forFile(path.join(tree.dir, 'packages/lib/c.ts')).files.map((f) => path.relative(tree.dir, f)),
      ['.leaklintrc.json', 'packages/lib/.leaklintrc.json']);
  });

  it('gives folders decided by the same config files one shared configuration', () => {
    // A scan keeps a configuration per folder: thousands of folders must not mean thousands of copies.
    const resolver = new ConfigResolver({ registry });
    const at = (file: string) => resolver.forFile(path.join(tree.dir, file));
    assert.equal(at('src/a.ts'), at('src/generated/b.ts'));
    assert.equal(at('src/a.ts'), at('packages/b.ts'));
    assert.notEqual(at('src/a.ts'), at('packages/lib/c.ts'));
    assert.notEqual(at('packages/lib/c.ts'), at('packages/isolated/d.ts'));
  });

  it('stops at "root": true and uses defaults above it', () => {
    assert.equal(severityAt(new ConfigResolver({ registry }), 'packages/isolated/d.ts'), 'warning');
  });

  it('applies overrides over every file', () => {
    const resolver = new ConfigResolver({ registry, overrides: new Map([['logger-per-call', { severity: 'off' as const }]]) });
    assert.equal(severityAt(resolver, 'src/a.ts'), 'off');
  });

  it('uses only the --config file when given', () => {
    const resolver = new ConfigResolver({ registry, configFile: path.join(tree.dir, 'packages/lib/.leaklintrc.json') });
    assert.equal(severityAt(resolver, 'src/a.ts'), 'info');
  });

  it('applies ignore patterns relative to the config file', () => {
    const resolver = new ConfigResolver({ registry });
    assert.equal(resolver.isIgnored(path.join(tree.dir, 'src/generated/b.ts')), true);
    assert.equal(resolver.isIgnored(path.join(tree.dir, 'src/a.ts')), false);
  });

  it('throws a ConfigError naming the broken file, or reports it and goes on', () => {
    assert.throws(() => new ConfigResolver({ registry }).forFile(path.join(tree.dir, 'broken/e.ts')),
      (error: unknown) => error instanceof ConfigError && error.file.endsWith(path.join('broken', '.leaklintrc.json')));
    const reported: string[] = [];
    const tolerant = new ConfigResolver({ registry, onError: (error) => reported.push(error.problems[0]) });
    assert.equal(severityAt(tolerant, 'broken/e.ts'), 'error', 'the parent config still applies');
    severityAt(tolerant, 'broken/e.ts');
    assert.deepEqual(reported, ['rules["nope"]: unknown rule "nope"']);
  });
});
