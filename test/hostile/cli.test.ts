import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLeaklint } from '../cli-helpers';
import { assertExpectation, assertNoStackTrace, type SeenFinding } from './expectations';
import { ALL_FILE_INPUTS, CONTROL_CHARACTER_NAME, DEEP_NESTING, SIZES } from './inputs';
import { makeHostileTree, type HostileTree } from './tree';

interface JsonFile {
  filePath: string;
  skipped?: string;
  findings: Array<{ ruleId: string; line: number; column: number; message: string }>;
}

function seenIn(file: JsonFile): SeenFinding[] {
  return file.findings.map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message }));
}

describe('hostile input: the command line', function () {
  this.timeout(120_000);
  let tree: HostileTree;

  before(() => {
    tree = makeHostileTree(ALL_FILE_INPUTS);
  });
  after(() => tree.remove());

  it('lints every hostile file as expected, in one run, without a crash or a stack trace', () => {
    const run = runLeaklint(['--format', 'json'], tree.dir);
    assertNoStackTrace('stderr', run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0, 'only warnings and notices: exit 0');
    const files = new Map((JSON.parse(run.stdout) as JsonFile[]).map((file) => [file.filePath, file]));
    for (const input of ALL_FILE_INPUTS) {
      const file = files.get(input.path);
      assert.ok(file, `${input.path} (${input.about}) is in the report`);
      assertExpectation(`${input.path} (${input.about})`, input.expect, seenIn(file));
    }
    assert.equal(files.size, ALL_FILE_INPUTS.length);
  });

  it('says the same in the stylish and SARIF formats', () => {
    // The long left-deep trees are slow for some rules; the first test covers them.
    const quick = ALL_FILE_INPUTS.filter((input) => !input.path.startsWith('deep/long'));
    const stylish = runLeaklint(quick.map((input) => input.path), tree.dir);
    assertNoStackTrace('stylish', stylish.stdout + stylish.stderr);
    assert.equal(stylish.status, 0);
    assert.match(stylish.stdout, /^encoding\/binary\.ts\n {2}1:1 {2}info {5}File looks binary/m);
    assert.match(stylish.stdout, /^encoding\/latin1\.ts\n {2}1:1 {2}info {5}File is not valid UTF-8/m);

    const sarif = runLeaklint(['--format', 'sarif', ...quick.map((input) => input.path)], tree.dir);
    assert.equal(sarif.status, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const uris = new Set(log.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri));
    for (const input of quick) {
      if (input.expect.kind === 'clean' || input.expect.kind === 'too-deep-or-clean') continue;
      assert.ok(uris.has(input.path.split('/').map(encodeURIComponent).join('/')), `SARIF has ${input.path}`);
    }
  });

  it('treats hostile files named explicitly the same way', () => {
    const named = [...DEEP_NESTING.slice(0, 2), ...ALL_FILE_INPUTS.filter((input) => input.path.startsWith('encoding/'))];
    const run = runLeaklint(['--format', 'json', ...named.map((input) => input.path)], tree.dir);
    assert.equal(run.status, 0, run.stderr);
    const files = JSON.parse(run.stdout) as JsonFile[];
    assert.deepEqual(files.map((file) => file.filePath), named.map((input) => input.path));
    named.forEach((input, index) => assertExpectation(input.path, input.expect, seenIn(files[index])));
  });

  it('recognises a 5 MB single-line file as minified when the size limit lets it through', () => {
    const minified = SIZES.find((input) => input.path.endsWith('minified-5mb.js'))!;
    const run = runLeaklint(['--format', 'json', '--max-file-size', String(64 * 1024 * 1024), minified.path], tree.dir);
    assert.equal(run.status, 0, run.stderr);
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    assertExpectation(minified.path, { kind: 'skipped', message: /looks minified \(average line length \d{7} characters\)/ }, seenIn(file));
  });

  it('--fix never rewrites a file it skipped or found clean, and keeps a byte order mark', () => {
    const untouchable = ALL_FILE_INPUTS.filter((input) => input.expect.kind === 'skipped' || input.expect.kind === 'clean');
    const before = new Map(untouchable.map((input) => [input.path, fs.readFileSync(path.join(tree.dir, input.path))]));
    const run = runLeaklint(['--fix', '--format', 'json', ...before.keys(), 'text/bom.ts'], tree.dir);
    assert.equal(run.status, 0, run.stderr);
    for (const [file, bytes] of before) assert.ok(fs.readFileSync(path.join(tree.dir, file)).equals(bytes), `${file} is unchanged`);
    const bom = fs.readFileSync(path.join(tree.dir, 'text/bom.ts'));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM of text/bom.ts is kept');
    // The fix moved the logger out of the function: it was applied at the right offsets despite the BOM.
    assert.doesNotMatch(bom.toString('utf8'), /function handle\(\) \{ const log = pino\(\)/);
  });
});

describe('hostile input: file names', function () {
  this.timeout(60_000);

  it('prints a name with a newline and an escape sequence escaped, so it cannot inject lines into a CI log', () => {
    const tree = makeHostileTree([], { [CONTROL_CHARACTER_NAME]: 'export function f() { const log = pino(); }\n' });
    try {
      const stylish = runLeaklint([], tree.dir);
      assert.equal(stylish.status, 0, stylish.stderr);
      assert.ok(!stylish.stdout.includes('\u001b'), 'no raw escape character');
      assert.doesNotMatch(stylish.stdout, /^::error/m, 'no line starts with a workflow command');
      assert.ok(stylish.stdout.includes('names/evil\\u000a::error file=x::injected\\u001b[31m.ts'), stylish.stdout);

      const json = JSON.parse(runLeaklint(['--format', 'json'], tree.dir).stdout) as JsonFile[];
      assert.deepEqual(json.map((file) => file.filePath), [CONTROL_CHARACTER_NAME], 'JSON keeps the real name (escaped by JSON itself)');
      const sarif = runLeaklint(['--format', 'sarif'], tree.dir).stdout;
      assert.ok(sarif.includes('"uri": "names/evil%0A%3A%3Aerror%20file%3Dx%3A%3Ainjected%1B%5B31m.ts"'));
    } finally {
      tree.remove();
    }
  });

  it('lints a file whose name starts with a dash when it is given after --', () => {
    const tree = makeHostileTree([], { '-rf.ts': 'export function f() { const log = pino(); }\n' });
    try {
      const run = runLeaklint(['--format', 'json', '--', '-rf.ts'], tree.dir);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual((JSON.parse(run.stdout) as JsonFile[]).map((file) => file.filePath), ['-rf.ts']);
    } finally {
      tree.remove();
    }
  });
});

describe('hostile input: a folder of many tiny files', function () {
  this.timeout(120_000);

  it('lints 3,000 files in one folder (the 100,000-file run is in `npm run soak`)', () => {
    const count = 3000;
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) files[`many/file-${i}.ts`] = `export const value${i} = ${i};\n`;
    files['many/leak.ts'] = 'export function f() { const log = pino(); }\n';
    const tree = makeHostileTree([], files);
    try {
      const started = Date.now();
      const run = runLeaklint(['many'], tree.dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`1 problem \\(0 errors, 1 warning, 0 info\\) in ${count + 1} files`));
      console.log(`      ${count + 1} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      tree.remove();
    }
  });
});
