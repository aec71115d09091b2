import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { generateFile } from '../../bench/corpus';
import { runLeaklint } from '../cli-helpers';
import { makeTempTree, REPO_ROOT } from '../helpers';

interface SarifResult {
  ruleId: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
}
interface SarifLog {
  runs: Array<{
    results: SarifResult[];
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
  }>;
}

function sampleTree(): Record<string, string> {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n' };
  for (let i = 0; i < 40; i++) {
    const folder = ['src', 'src/deep/er', 'lib', 'test'][i % 4];
    files[`${folder}/file${i}.ts`] = generateFile(9000 + i, 40, true);
  }
  return files;
}

function filePaths(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string }>).map((file) => file.filePath);
}

function resultKeys(log: SarifLog): string[] {
  return log.runs[0].results.map((result) => {
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}:${result.ruleId}`;
  }).sort();
}

/** docs/performance.md's jq program for merging shard SARIF logs. */
function documentedJqProgram(): string {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'performance.md'), 'utf8');
  const match = /jq -s '([^']+)' shard-\*\.sarif/.exec(docs);
  assert.ok(match, 'docs/performance.md gives the jq command that merges shard SARIF logs');
  return match[1];
}

/** What the documented jq program does, for machines without jq. */
function mergeSarif(logs: SarifLog[]): SarifLog {
  const [first] = logs;
  const notifications = logs.flatMap((log) => log.runs[0].invocations[0].toolExecutionNotifications);
  return {
    ...first,
    runs: [{
      ...first.runs[0],
      results: logs.flatMap((log) => log.runs[0].results),
      invocations: [{
        executionSuccessful: logs.every((log) => log.runs[0].invocations[0].executionSuccessful),
        toolExecutionNotifications: [...new Map(notifications.map((item) => [JSON.stringify(item), item])).values()],
      }],
    }],
  };
}

describe('CLI --shard', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTempTree>;

  beforeEach(() => {
    tree = makeTempTree(sampleTree());
  });
  afterEach(() => tree.remove());

  it('splits the files into parts that are disjoint and together complete', () => {
    const all = filePaths(runLeaklint(['--format', 'json'], tree.dir).stdout);
    assert.equal(all.length, 40);
    for (const count of [1, 2, 3, 7]) {
      const parts = Array.from({ length: count }, (_, k) => filePaths(runLeaklint(['--format', 'json', '--shard', `${k + 1}/${count}`], tree.dir).stdout));
      const union = parts.flat();
      assert.deepEqual([...union].sort(), [...all].sort(), `${count} shards cover every file exactly once`);
      if (count > 1) assert.ok(parts.every((part) => part.length < all.length), `no shard of ${count} holds every file`);
    }
  });

  it('puts a file in the same shard whatever else is there, and on every run', () => {
    const first = filePaths(runLeaklint(['--format', 'json', '--shard', '2/3'], tree.dir).stdout);
    assert.deepEqual(filePaths(runLeaklint(['--format', 'json', '--shard', '2/3'], tree.dir).stdout), first);
    for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(tree.dir, `src/added${i}.ts`), 'export const x = 1;\n');
    fs.rmSync(path.join(tree.dir, 'lib'), { recursive: true });
    const after = filePaths(runLeaklint(['--format', 'json', '--shard', '2/3'], tree.dir).stdout);
    assert.deepEqual(after.filter((file) => !file.includes('added')), first.filter((file) => !file.startsWith('lib/')));
  });

  it('reports for each file exactly what an unsharded run reports', () => {
    const whole = JSON.parse(runLeaklint(['--format', 'json'], tree.dir).stdout) as Array<{ filePath: string }>;
    const byPath = new Map(whole.map((file) => [file.filePath, file]));
    for (const k of [1, 2, 3]) {
      for (const file of JSON.parse(runLeaklint(['--format', 'json', '--shard', `${k}/3`], tree.dir).stdout) as Array<{ filePath: string }>) {
        assert.deepEqual(file, byPath.get(file.filePath));
      }
    }
  });

  it('writes SARIF logs that merge, as docs/performance.md says, into the unsharded log', () => {
    const whole = JSON.parse(runLeaklint(['--format', 'sarif'], tree.dir).stdout) as SarifLog;
    assert.ok(whole.runs[0].results.length > 0, 'the sample has findings');
    for (let k = 1; k <= 3; k++) runLeaklint(['--format', 'sarif', '--shard', `${k}/3`, '-o', `shard-${k}.sarif`], tree.dir);
    const shards = [1, 2, 3].map((k) => JSON.parse(fs.readFileSync(path.join(tree.dir, `shard-${k}.sarif`), 'utf8')) as SarifLog);

    const merged = mergeSarif(shards);
    assert.deepEqual(resultKeys(merged), resultKeys(whole));
    assert.deepEqual({ ...merged.runs[0], results: [] }, { ...whole.runs[0], results: [] });

    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    assert.ok(ajv.validate(schema, merged), JSON.stringify(ajv.errors));

    // The documented command itself, where jq is installed.
    const program = documentedJqProgram();
    const shell = spawnSync('sh', ['-c', `jq -s '${program}' shard-*.sarif`], { cwd: tree.dir, encoding: 'utf8' });
    if (shell.status === 127 || /not found/.test(shell.stderr)) return;
    assert.equal(shell.status, 0, shell.stderr);
    const byJq = JSON.parse(shell.stdout) as SarifLog;
    assert.deepEqual(resultKeys(byJq), resultKeys(whole));
    assert.deepEqual(byJq.runs[0].invocations, merged.runs[0].invocations);
  });

  it('rejects a shard that is not k/n with 1 <= k <= n', () => {
    for (const value of ['0/2', '3/2', '1/0', '2', 'a/b', '1/2/3', '-1/2']) {
      const run = runLeaklint(['--shard', value], tree.dir);
      assert.equal(run.status, 2, value);
      assert.match(run.stderr, /^leaklint: --shard /, value);
    }
  });
});
