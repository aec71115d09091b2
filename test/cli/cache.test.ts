import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLeaklint, CLI, type CliRun } from '../cli-helpers';
import { makeTempTree, REPO_ROOT } from '../helpers';

const LEAKY = `import pino from 'pino';\n\nexport function handle(url: string) {\n  const log = pino();\n  log.info(url);\n}\n`;
const CLEAN = `export function add(a: number, b: number) {\n  return a + b;\n}\n`;

interface CacheFile {
  version: string;
  entries: Record<string, { result: { findings: Array<{ message: string }> } }>;
}

function debugLine(run: CliRun): string {
  return /leaklint: debug: .*/.exec(run.stderr)?.[0] ?? `no debug line in: ${run.stderr}`;
}

describe('CLI --cache', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTempTree>;
  const cacheFile = () => path.join(tree.dir, '.lint-cache', 'cache.json');
  const readCache = () => JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as CacheFile;
  const run = (args: string[] = [], cli?: string): CliRun => {
    const allArgs = ['--format', 'json', '--cache', '--cache-location', '.lint-cache', ...args];
    return cli ? runWith(cli, allArgs, tree.dir) : runLeaklint(allArgs, tree.dir, { LEAKLINT_DEBUG: '1' });
  };

  beforeEach(() => {
    tree = makeTempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'src/a.ts': LEAKY,
      'src/b.ts': LEAKY.replace('handle', 'other'),
      'src/c.ts': CLEAN,
    });
  });
  afterEach(() => tree.remove());

  /** Replaces every cached message, so a run that shows it must have taken its results from the cache. */
  function poisonCache(): void {
    const cache = readCache();
    for (const entry of Object.values(cache.entries)) {
      for (const finding of entry.result.findings) finding.message = 'POISONED';
    }
    fs.writeFileSync(cacheFile(), JSON.stringify(cache));
  }

  it('lints every file on the first run, none on the second, and reports the same', () => {
    const cold = run();
    assert.match(debugLine(cold), /3 files, 0 from the cache, 3 linted/);
    assert.doesNotMatch(debugLine(cold), /the engine was not loaded/);
    assert.ok(fs.existsSync(cacheFile()));
    const warm = run();
    assert.match(debugLine(warm), /3 files, 3 from the cache, 0 linted/);
    // Nothing to lint: TypeScript and the rules stay unloaded, most of the start-up.
    assert.match(debugLine(warm), /the engine was not loaded/);
    assert.equal(warm.stdout, cold.stdout);
    assert.equal(warm.status, cold.status);
    assert.equal((JSON.parse(warm.stdout) as Array<{ warningCount: number }>).reduce((sum, file) => sum + file.warningCount, 0), 2);
  });

  it('caches the files it skips for their content, and skips a too large one unread: a warm run loads no engine', () => {
    fs.writeFileSync(path.join(tree.dir, 'src/table.ts'), `export const table = [${'1234567890, '.repeat(400)}];\n`);
    fs.writeFileSync(path.join(tree.dir, 'src/latin1.ts'), Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x3b, 0x0a]));
    fs.writeFileSync(path.join(tree.dir, 'src/huge.ts'), `${LEAKY}\n${'// padding\n'.repeat(2000)}`);
    const cold = run(['--max-file-size', '10000']);
    // The too large file is no task for a thread: its notice is made from its size.
    assert.match(debugLine(cold), /6 files, 0 from the cache, 5 linted/);
    const skipped = (JSON.parse(cold.stdout) as Array<{ filePath: string; findings: Array<{ ruleId: string; message: string }> }>)
      .flatMap((file) => file.findings.filter((finding) => finding.ruleId === 'file-skipped').map((finding) => `${file.filePath}: ${finding.message}`));
    assert.deepEqual(skipped.sort(), [
      'src/huge.ts: File is 21.6 KB, larger than maxFileSize (9.8 KB); not linted.',
      'src/latin1.ts: File is not valid UTF-8 (first bad byte at 1:12); not linted. Save it as UTF-8 to lint it.',
      'src/table.ts: File looks minified (average line length 2413 characters); not linted.',
    ]);
    const warm = run(['--max-file-size', '10000']);
    assert.match(debugLine(warm), /6 files, 5 from the cache, 0 linted/);
    assert.match(debugLine(warm), /the engine was not loaded/);
    assert.equal(warm.stdout, cold.stdout);
  });

  it('takes results from the cache, not from linting again', () => {
    run();
    poisonCache();
    const warm = run();
    assert.equal((warm.stdout.match(/POISONED/g) ?? []).length, 2);
  });

  it('lints again a file whose content changed, and only that file', () => {
    run();
    poisonCache();
    fs.writeFileSync(path.join(tree.dir, 'src/a.ts'), `${LEAKY}\n// edited\n`);
    const warm = run();
    assert.match(debugLine(warm), /3 files, 2 from the cache, 1 linted/);
    const files = JSON.parse(warm.stdout) as Array<{ filePath: string; findings: Array<{ message: string }> }>;
    const messages = Object.fromEntries(files.map((file) => [file.filePath, file.findings.map((finding) => finding.message)]));
    assert.doesNotMatch(messages['src/a.ts'][0], /POISONED/);
    assert.deepEqual(messages['src/b.ts'], ['POISONED']);
  });

  it('is invalidated by a config change: a config file, or a --rule', () => {
    run();
    poisonCache();
    fs.writeFileSync(path.join(tree.dir, '.leaklintrc.json'), '{ "rules": { "logger-per-call": "error" } }');
    const changedFile = run();
    assert.match(debugLine(changedFile), /0 from the cache, 3 linted/);
    assert.doesNotMatch(changedFile.stdout, /POISONED/);
    assert.equal(changedFile.status, 1);

    poisonCache();
    const changedRule = run(['--rule', 'logger-per-call:info']);
    assert.match(debugLine(changedRule), /0 from the cache, 3 linted/);
    assert.doesNotMatch(changedRule.stdout, /POISONED/);
    assert.match(debugLine(run(['--rule', 'logger-per-call:info'])), /3 from the cache, 0 linted/);
  });

  it('is invalidated by another LeakLint version', () => {
    run();
    poisonCache();
    // The same bundle, announcing another version: what an upgrade looks like to the cache.
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const bundle = fs.readFileSync(CLI, 'utf8');
    const marker = () => new RegExp(`(version:\\s*)${JSON.stringify(version).replace(/\./g, '\\.')}`, 'g');
    assert.match(bundle, marker(), 'the bundle embeds package.json\'s version');
    // Under node_modules, so the run does not lint it.
    const upgraded = path.join(tree.dir, 'node_modules', 'upgraded-cli.js');
    fs.mkdirSync(path.dirname(upgraded), { recursive: true });
    // Installed beside its dependency, as npm installs it: the CLI requires TypeScript when it lints.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'typescript'), path.join(path.dirname(upgraded), 'typescript'), 'dir');
    fs.writeFileSync(upgraded, bundle.replace(marker(), `$1${JSON.stringify(`${version}-next`)}`));
    assert.equal(runWith(upgraded, ['--version'], tree.dir).stdout, `${version}-next\n`);

    const afterUpgrade = run([], upgraded);
    assert.match(debugLine(afterUpgrade), /0 from the cache, 3 linted/);
    assert.doesNotMatch(afterUpgrade.stdout, /POISONED/);
    assert.equal(readCache().version, `${version}-next`);
    // And back: the cache now belongs to the other version.
    assert.match(debugLine(run()), /0 from the cache, 3 linted/);
  });

  it('ignores a broken cache file and replaces it', () => {
    run();
    fs.writeFileSync(cacheFile(), '{ "format": 1, "version": ');
    const afterBreak = run();
    assert.equal(afterBreak.status, 0, afterBreak.stderr);
    assert.match(debugLine(afterBreak), /0 from the cache, 3 linted/);
    assert.match(debugLine(run()), /3 from the cache, 0 linted/);
  });

  it('keeps entries of files a narrower run did not see, and drops those of deleted files', () => {
    run();
    run(['src/a.ts']);
    assert.deepEqual(Object.keys(readCache().entries).sort(), ['src/a.ts', 'src/b.ts', 'src/c.ts']);
    fs.rmSync(path.join(tree.dir, 'src/c.ts'));
    run(['src/a.ts']);
    assert.deepEqual(Object.keys(readCache().entries).sort(), ['src/a.ts', 'src/b.ts']);
  });

  it('lives in node_modules/.cache/leaklint/ by default', () => {
    const result = runLeaklint(['--cache'], tree.dir);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(fs.existsSync(path.join(tree.dir, 'node_modules', '.cache', 'leaklint', 'cache.json')));
  });

  it('warns, and still reports, when the cache cannot be written', () => {
    fs.writeFileSync(path.join(tree.dir, 'not-a-folder'), 'a file where the cache folder would be');
    const result = runLeaklint(['--format', 'json', '--cache', '--cache-location', 'not-a-folder'], tree.dir);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /^leaklint: cannot write the cache .*not-a-folder.*; results were not cached\n$/);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 3);
  });

  it('gives the same results with worker threads, filling and reading the cache', () => {
    const cold = run(['--jobs', '2']);
    assert.match(debugLine(cold), /0 from the cache, 3 linted on 2 threads \(the main thread and 1 worker\)/);
    const warm = run(['--jobs', '2']);
    assert.match(debugLine(warm), /3 from the cache, 0 linted on the main thread/);
    assert.equal(warm.stdout, cold.stdout);
  });
});

/** Runs another copy of the bundle, the way runLeaklint runs dist/cli.js. */
function runWith(cli: string, args: string[], cwd: string): CliRun {
  const child = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LEAKLINT_DEBUG: '1' },
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  return { status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}
