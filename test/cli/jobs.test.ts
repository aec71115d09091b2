import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateFile } from '../../bench/corpus';
import { runLeaklint, type CliRun } from '../cli-helpers';
import { makeTempTree } from '../helpers';

/** Files mixing every construct the rules look at, plus files the engine treats specially. */
function sampleTree(): Record<string, string> {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n' };
  for (let i = 0; i < 7; i++) {
    const isTs = i % 3 !== 2;
    files[`src/part${i}.${isTs ? 'ts' : 'js'}`] = generateFile(7000 + i, 200 + 40 * i, isTs);
  }
  files['src/broken.ts'] = 'export function f( {\n  const log = pino();\n';
  files['src/suppressed.ts'] = '// leaklint-disable-next-line logger-per-call -- one-off\nexport function g() { return pino(); }\n';
  // Over the --max-file-size the runs below pass, and minified (one long line): both skipped.
  files['src/huge.ts'] = `// ${'x'.repeat(100)}\n`.repeat(300);
  files['src/bundle.js'] = `${'var a=function(){return 1};'.repeat(400)}\n`;
  return files;
}

const MAX_FILE_SIZE = ['--max-file-size', '20000'];

/** The stylish summary ends with the elapsed time, which differs from run to run. */
function withoutElapsed(stdout: string): string {
  return stdout.replace(/\(\d+\.\d s\)/g, '(time)');
}

function debugLine(run: CliRun): string {
  return /leaklint: debug: .*/.exec(run.stderr)?.[0] ?? `no debug line in: ${run.stderr}`;
}

describe('CLI --jobs', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTempTree>;

  beforeEach(() => {
    tree = makeTempTree(sampleTree());
  });
  afterEach(() => tree.remove());

  const run = (args: string[], cwd = tree.dir) => runLeaklint(args, cwd, { LEAKLINT_DEBUG: '1' });

  it('reports exactly what a single-threaded run reports, in every format', () => {
    for (const format of ['json', 'sarif', 'stylish']) {
      const single = run(['--format', format, '--jobs', '1', ...MAX_FILE_SIZE]);
      const parallel = run(['--format', format, '--jobs', '3', ...MAX_FILE_SIZE]);
      // src/huge.ts, over --max-file-size, is reported from its size, never handed to a thread.
      assert.match(debugLine(single), /11 files, 0 from the cache, 10 linted on the main thread$/);
      assert.match(debugLine(parallel), /11 files, 0 from the cache, 10 linted on 3 threads \(the main thread and 2 workers\)$/);
      assert.equal(parallel.status, single.status, format);
      assert.equal(withoutElapsed(parallel.stdout), withoutElapsed(single.stdout), format);
    }
    const findings = (JSON.parse(run(['--format', 'json', '--jobs', '2']).stdout) as Array<{ findings: unknown[] }>)
      .flatMap((file) => file.findings);
    assert.ok(findings.length > 10, `the sample should produce many findings, got ${findings.length}`);
  });

  it('--fix leaves the same files behind as a single-threaded --fix', () => {
    const other = makeTempTree(sampleTree());
    try {
      run(['--fix', '--jobs', '1', ...MAX_FILE_SIZE]);
      const parallel = run(['--fix', '--jobs', '2', ...MAX_FILE_SIZE], other.dir);
      assert.match(debugLine(parallel), /on 2 threads \(the main thread and 1 worker\)$/);
      const changed = Object.keys(sampleTree()).filter((file) => {
        const single = fs.readFileSync(path.join(tree.dir, file), 'utf8');
        assert.equal(fs.readFileSync(path.join(other.dir, file), 'utf8'), single, file);
        return single !== sampleTree()[file];
      });
      assert.ok(changed.length > 0, 'the sample has fixable findings, so --fix changes some file');
    } finally {
      other.remove();
    }
  });

  it('skips files over the size limit and minified files with one info notice each, on workers too', () => {
    for (const jobs of ['1', '2']) {
      const files = JSON.parse(run(['--format', 'json', '--jobs', jobs, ...MAX_FILE_SIZE]).stdout) as Array<{
        filePath: string; skipped?: string; findings: Array<{ ruleId: string; severity: string }>;
      }>;
      const byPath = new Map(files.map((file) => [file.filePath, file]));
      assert.match(byPath.get('src/huge.ts')!.skipped!, /larger than maxFileSize/);
      assert.match(byPath.get('src/bundle.js')!.skipped!, /looks minified/);
      for (const skipped of ['src/huge.ts', 'src/bundle.js']) {
        assert.deepEqual(byPath.get(skipped)!.findings.map((finding) => [finding.ruleId, finding.severity]), [['file-skipped', 'info']], jobs);
      }
    }
  });

  it('without --jobs, stays on the main thread for a scan too small to gain from threads', () => {
    assert.match(debugLine(run([])), /linted on the main thread$/);
    assert.match(debugLine(run(['--jobs', '1'])), /linted on the main thread$/);
  });

  it('starts no more workers than there are files to lint', () => {
    assert.match(debugLine(run(['src/part0.ts', 'src/part1.ts', 'src/part2.js', '--jobs', '8'])), /3 linted on 3 threads \(the main thread and 2 workers\)$/);
    assert.match(debugLine(run(['src/part0.ts', '--jobs', '8'])), /1 linted on the main thread$/);
  });

  it('rejects a --jobs that is not a whole number from 1 up', () => {
    for (const value of ['0', 'two', '-1', '1.5', '100000']) {
      const result = run(['--jobs', value]);
      assert.equal(result.status, 2, value);
      assert.match(result.stderr, /^leaklint: --jobs /, value);
    }
  });
});
