import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { allRules } from '../../rules';
import { ConfigError, ConfigResolver, parseConfigText, type EffectiveConfig } from '../../server/engine/config';
import { lintContent, lintFile } from '../../server/engine/lint-file';
import { lintText, type EnabledRule } from '../../server/engine/linter';
import { RuleRegistry } from '../../server/engine/registry';
import { defineRule, type Rule, type RuleVisitor } from '../../server/engine/rule';
import { parseSource } from '../../server/engine/source';
import { parseDirectives } from '../../server/engine/suppressions';
import { makeTempTree } from '../helpers';

const registry = new RuleRegistry(allRules);

function testRule(id: string, create: Rule['create']): Rule {
  return defineRule({
    meta: {
      id, description: 't', defaultSeverity: 'warning', docsUrl: 'https://example.invalid', fixable: true,
      hasSuggestions: false, optionsSchema: { type: 'object' }, defaultOptions: {}, stories: [], usesFacts: false,
    },
    create,
  });
}

function configWith(rules: Rule[]): EffectiveConfig {
  return { enabledRules: rules.map((rule): EnabledRule => ({ rule, severity: 'warning', options: {} })), maxFileSize: 1024 * 1024, files: [], key: 'test' };
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = Date.now();
  const value = run();
  return { value, ms: Date.now() - started };
}

describe('engine robustness: suppression comments', () => {
  it('does not take directive text inside another comment for a directive', () => {
    const code = '/**\n * Example:\n *   // leaklint-disable-next-line some-rule -- why\n */\nfoo(); // a note // leaklint-disable-line\n';
    assert.deepEqual(parseDirectives(parseSource('doc.ts', code)), []);
  });

  it('still finds directives that start a comment anywhere between tokens', () => {
    const code = 'const a = { // leaklint-disable-line\n  b: f(x, /* leaklint-disable-line */ y), c: `${d /* leaklint-disable-line */}`,\n};\n<div>{/* leaklint-disable-next-line */}</div>;\n';
    assert.deepEqual(parseDirectives(parseSource('tokens.tsx', code)).map((directive) => directive.kind), ['disable-line', 'disable-line', 'disable-line', 'disable-next-line']);
  });

  it('handles 100,000 directives in linear time (it used to descend from the root for each)', () => {
    const code = 'a(); // leaklint-disable-line\n'.repeat(100_000);
    const { value, ms } = timed(() => parseDirectives(parseSource('many.ts', code)));
    assert.equal(value.length, 100_000);
    assert.ok(ms < 15_000, `took ${ms} ms (before the fix: over 30 s)`);
  });

  it('handles a directive followed by a megabyte of whitespace in linear time (a regex used to backtrack quadratically)', () => {
    const code = `/* leaklint-disable${' '.repeat(1024 * 1024)}`;
    const { value, ms } = timed(() => lintText('spaces.ts', code, []));
    assert.equal(value.syntaxErrorCount, 1, 'the comment is unterminated');
    assert.ok(ms < 5_000, `took ${ms} ms`);
  });
});

describe('engine robustness: config files', () => {
  it('keeps a "__proto__" key as a key: reported as an unknown rule, never a prototype', () => {
    assert.throws(() => parseConfigText('/p/.leaklintrc.json', '{ "rules": { "__proto__": { "logger-per-call": "off" } } }', registry),
      (error: unknown) => error instanceof ConfigError && /unknown rule "__proto__"/.test(error.problems[0]));
  });

  it('cannot smuggle settings past validation through "__proto__"', () => {
    const tree = makeTempTree({
      '.git/HEAD': '',
      '.leaklintrc.json': '{ "rules": { "logger-per-call": "error" } }',
      'sub/.leaklintrc.json': '{ "__proto__": { "root": true, "maxFileSize": 1 } }',
      'sub/a.ts': '',
    });
    try {
      const config = new ConfigResolver({ registry, onError: () => undefined }).forFile(path.join(tree.dir, 'sub', 'a.ts'));
      assert.equal(config.maxFileSize, 1024 * 1024, 'maxFileSize was not taken from the prototype');
      assert.equal(config.enabledRules.find((rule) => rule.rule.meta.id === 'logger-per-call')?.severity, 'error', '"root" was not taken from the prototype');
    } finally {
      tree.remove();
    }
  });

  it('rejects what JSON does not allow, with the place', () => {
    const problem = (text: string) => {
      try {
        parseConfigText('/p/.leaklintrc.json', text, registry);
        return '';
      } catch (error) {
        return (error as ConfigError).problems[0];
      }
    };
    assert.equal(problem('{ "maxFileSize": 0x10 }'), 'invalid JSON at 1:18: 0x10 is not a JSON number');
    assert.equal(problem("{ 'rules': {} }"), 'invalid JSON at 1:3: property names must be strings in double quotes');
    assert.equal(problem('{ "ignore": [a] }'), 'invalid JSON at 1:14: a value must be a string, number, true, false, null, an object or an array');
    assert.equal(problem('{ "ignore": [1,,2] }'), 'invalid JSON at 1:16: an array item is missing');
    assert.equal(problem(`{ "rules": ${'['.repeat(80)}${']'.repeat(80)} }`), 'invalid JSON at 1:76: nested more than 64 levels deep');
    assert.equal(problem('{ "rules": {}, }'), '', 'a trailing comma is fine, as in VS Code settings');
  });
});

describe('engine robustness: reading files', () => {
  let tree: ReturnType<typeof makeTempTree>;
  before(() => {
    tree = makeTempTree({ 'folder.ts/x.ts': '' });
  });
  after(() => tree.remove());

  it('skips what is not a regular file without opening it', () => {
    const result = lintFile(path.join(tree.dir, 'folder.ts'), configWith([]));
    assert.equal(result.skipped, 'Not a regular file; not linted.');
  });

  it('a file deleted between discovery and linting is one notice', () => {
    assert.equal(lintFile(path.join(tree.dir, 'gone.ts'), configWith([])).skipped, 'File cannot be read (ENOENT); not linted.');
  });

  it('names the first byte that is not UTF-8, counting lines and byte columns', () => {
    const file = path.join(tree.dir, 'mixed.ts');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('const ok = "日本";\nconst bad = "'), Buffer.from([0xe6, 0x97]), Buffer.from('";\n')]));
    assert.match(lintFile(file, configWith([])).skipped!, /first bad byte at 2:14\)/);
  });

  it('skips text with NUL characters even when it comes from an editor buffer', () => {
    const text = 'const a = 1;\u0000\u0001';
    assert.match(lintContent('buffer.ts', text, text.length, configWith([])).skipped!, /looks binary/);
  });

  it('reports positions without the byte order mark, and keeps the mark through --fix', () => {
    const insertAtStart = testRule('prefix', (context) => ({
      [ts.SyntaxKind.SourceFile]: (node) => {
        if (!context.text.startsWith('// fixed')) context.report({ node, message: 'prefix', fix: { title: 'prefix', edits: [{ start: 0, end: 0, text: '// fixed\n' }] } });
      },
    }));
    const text = '\ufeffconst a = 1;\n';
    const result = lintContent('bom.ts', text, Buffer.byteLength(text), configWith([insertAtStart]), { fix: true });
    assert.equal(result.fixedText, '\ufeff// fixed\nconst a = 1;\n');
  });
});

describe('engine robustness: failures stay inside one file', () => {
  it('the parser works normally after a file too deeply nested for it', () => {
    const normal = 'export function f() { const log = pino(); }\n';
    const rules = allRules.map((rule): EnabledRule => ({ rule, severity: 'warning', options: rule.meta.defaultOptions }));
    const before = lintText('normal.ts', normal, rules);
    const deep = lintText('deep.ts', `const x = ${'[\n'.repeat(10_000)}1${']\n'.repeat(10_000)};`, rules);
    assert.match(deep.findings[0].message, /nested too deeply/);
    assert.deepEqual(lintText('normal.ts', normal, rules), before);
  });

  it('an exception the engine itself does not contain becomes one internal-error notice, not a crash', () => {
    // A visitor whose handler cannot even be read: the engine's dispatch table setup throws.
    const hostile = testRule('hostile', () => new Proxy({} as RuleVisitor, {
      ownKeys: () => [String(ts.SyntaxKind.Identifier)],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      get: () => {
        throw new Error('no handler for you');
      },
    }));
    const result = lintContent('x.ts', 'const a = 1;', 12, configWith([hostile]));
    assert.deepEqual(result.findings.map((finding) => [finding.ruleId, finding.message]), [
      ['internal-error', 'LeakLint failed on this file (no handler for you); it was not linted.'],
    ]);
  });

  it('drops a fix that would break a file that already has syntax errors, and keeps it on a clean file', () => {
    const breaking = testRule('breaking', (context) => ({
      [ts.SyntaxKind.CallExpression]: (node) => context.report({
        node, message: 'call', fix: { title: 'break it', edits: [{ start: node.getStart(context.sourceFile), end: node.getStart(context.sourceFile), text: '{{' }] },
      }),
    }));
    const broken = lintContent('broken.ts', 'f();\nconst = ;\n', 20, configWith([breaking]));
    assert.equal(broken.findings.find((finding) => finding.ruleId === 'breaking')?.fix, undefined);
    const clean = lintContent('clean.ts', 'f();\n', 5, configWith([breaking]));
    assert.ok(clean.findings.find((finding) => finding.ruleId === 'breaking')?.fix, 'on a clean file the rule owns its fix (and its tests catch a bad one)');
  });
});
