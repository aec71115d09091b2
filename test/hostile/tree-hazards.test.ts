import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, runLeaklint } from '../cli-helpers';
import { makeTempTree } from '../helpers';
import { LspSession } from '../soak/lsp-session';
import { assertNoStackTrace } from './expectations';

const LEAK = 'export function f() { const log = pino(); }\n';
/** Secret-looking content outside the scanned folder: it must never show up in a report. */
const SECRET = 'export function secret() { const log = pino(); } // TOKEN=hunter2\n';

interface JsonFile {
  filePath: string;
  skipped?: string;
  findings: Array<{ ruleId: string; message: string }>;
}

/**
 * A scanned folder full of traps: symbolic link loops (to itself, to its parent, two links to
 * each other), a link to nothing, links to a file and a folder outside it, a .gitignore that is a
 * link to a file outside, a FIFO and a folder, both with a .ts name.
 */
function makeTrappedTree(): { root: string; outside: string; remove: () => void } {
  const tree = makeTempTree({
    'outside/secret.ts': SECRET,
    'outside/ignore-everything': '*\n',
    'scan/.git/HEAD': 'ref: refs/heads/main\n',
    'scan/real.ts': LEAK,
    'scan/folder.ts/inner.ts': LEAK,
  });
  const root = path.join(tree.dir, 'scan');
  const outside = path.join(tree.dir, 'outside');
  fs.symlinkSync('.', path.join(root, 'self'));
  fs.symlinkSync('..', path.join(root, 'folder.ts', 'up'));
  fs.symlinkSync('pong.ts', path.join(root, 'ping.ts'));
  fs.symlinkSync('ping.ts', path.join(root, 'pong.ts'));
  fs.symlinkSync('missing.ts', path.join(root, 'dangling.ts'));
  fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'outside-file.ts'));
  fs.symlinkSync(outside, path.join(root, 'outside-folder'));
  fs.symlinkSync(path.join(outside, 'ignore-everything'), path.join(root, '.gitignore'));
  spawnSync('mkfifo', [path.join(root, 'fifo.ts')]);
  return { root, outside, remove: tree.remove };
}

describe('hostile trees: symbolic links, FIFOs, unreadable files', function () {
  this.timeout(60_000);
  let trap: ReturnType<typeof makeTrappedTree>;

  before(function () {
    if (process.platform === 'win32') this.skip(); // Symbolic links and FIFOs need privileges or do not exist there.
    trap = makeTrappedTree();
  });
  after(() => trap?.remove());

  it('without --follow-symlinks: reads nothing through a link, ignores the linked .gitignore, and finishes', () => {
    const run = runLeaklint(['--format', 'json'], trap.root);
    assertNoStackTrace('stderr', run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    const files = JSON.parse(run.stdout) as JsonFile[];
    assert.deepEqual(files.map((file) => file.filePath), ['folder.ts/inner.ts', 'real.ts']);
    assert.ok(!run.stdout.includes('hunter2') && !run.stdout.includes('secret'));
    assert.ok(fs.existsSync(path.join(trap.root, 'fifo.ts')), 'the FIFO exists (and was not opened: the run did not hang)');
  });

  it('with --follow-symlinks: follows links, visits each real folder once, and names the broken links', () => {
    const run = runLeaklint(['--format', 'json', '--follow-symlinks'], trap.root);
    assertNoStackTrace('stderr', run.stderr);
    assert.equal(run.status, 0);
    const files = (JSON.parse(run.stdout) as JsonFile[]).map((file) => file.filePath);
    // The linked .gitignore (`*`) is read now, and ignores everything below the scanned folder.
    assert.deepEqual(files, []);
    assert.match(run.stderr, /^leaklint: dangling\.ts: broken symbolic link \(ENOENT\); skipped$/m);
    assert.match(run.stderr, /^leaklint: ping\.ts: symbolic link loop; skipped$/m);
    assert.match(run.stderr, /^leaklint: pong\.ts: symbolic link loop; skipped$/m);
  });

  it('with --follow-symlinks and no linked .gitignore: reads linked files and folders, each once', () => {
    fs.renameSync(path.join(trap.root, '.gitignore'), path.join(trap.root, 'gitignore-link'));
    try {
      const run = runLeaklint(['--format', 'json', '--follow-symlinks'], trap.root);
      assert.equal(run.status, 0, run.stderr);
      const files = (JSON.parse(run.stdout) as JsonFile[]).map((file) => file.filePath);
      assert.deepEqual(files, ['folder.ts/inner.ts', 'outside-file.ts', 'outside-folder/secret.ts', 'real.ts']);
      assert.ok(files.every((file) => !file.startsWith('/') && !file.includes('..')), 'paths stay relative, inside the scanned folder');
    } finally {
      fs.renameSync(path.join(trap.root, 'gitignore-link'), path.join(trap.root, '.gitignore'));
    }
  });

  it('the language server scans the same tree: no link followed, no FIFO opened, and it keeps answering', async () => {
    const session = await LspSession.start({ folder: trap.root, settings: { debounceMs: 0 } });
    try {
      const summary = await session.scanWorkspace();
      assert.equal(summary.cancelled, false);
      assert.equal(summary.files, 2, 'folder.ts/inner.ts and real.ts');
      assert.deepEqual(summary.findingsByRule, { 'logger-per-call': 2 });
      assert.equal((await session.internalState()).openDocuments, 0, 'the server still answers');
      assert.deepEqual(session.messages, []);
      assertNoStackTrace('server stderr', session.stderr);
    } finally {
      await session.stop();
    }
  });

  it('a FIFO or a folder with a .ts name, named explicitly, is reported and skipped, never opened', () => {
    const run = runLeaklint(['--format', 'json', 'fifo.ts', 'real.ts'], trap.root);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^leaklint: fifo\.ts: not a regular file or folder; skipped$/m);
    assert.deepEqual((JSON.parse(run.stdout) as JsonFile[]).map((file) => file.filePath), ['real.ts']);
  });

  it('a path that cannot be read at all is a clear message, not a crash', () => {
    const run = runLeaklint(['--format', 'json', 'ping.ts'], trap.root);
    assertNoStackTrace('stderr', run.stderr);
    assert.match(run.stderr, /^leaklint: ping\.ts: cannot be read \(ELOOP\); skipped$/m);
    assert.equal(run.status, 0);
  });
});

describe('hostile trees: unreadable files and folders', function () {
  this.timeout(60_000);

  it('reports an unreadable file as skipped and an unreadable folder as a warning, then goes on', function () {
    if (process.platform === 'win32') this.skip(); // No POSIX permissions.
    // As root, chmod 000 does not stop a read: run the CLI as `nobody` then.
    const asNobody = process.getuid?.() === 0;
    const tree = makeTempTree({ 'scan/.git/HEAD': '', 'scan/ok.ts': LEAK, 'scan/locked.ts': LEAK, 'scan/locked-folder/a.ts': LEAK });
    try {
      for (const dir of [tree.dir, path.join(tree.dir, 'scan')]) fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(tree.dir, 'scan', 'ok.ts'), 0o644);
      fs.chmodSync(path.join(tree.dir, 'scan', 'locked.ts'), 0o000);
      fs.chmodSync(path.join(tree.dir, 'scan', 'locked-folder'), 0o000);
      const child = spawnSync(process.execPath, [CLI, '--format', 'sarif'], {
        cwd: path.join(tree.dir, 'scan'),
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
      });
      if (child.error) throw child.error;
      if (asNobody && /EACCES/.test(child.stderr) && /cli\.js/.test(child.stderr)) this.skip(); // `nobody` cannot read the CLI itself here.
      assertNoStackTrace('stderr', child.stderr);
      assert.equal(child.status, 0, child.stderr);
      assert.match(child.stderr, /^leaklint: locked-folder: cannot read folder \(EACCES\)$/m);
      const log = JSON.parse(child.stdout) as {
        runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>; invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }>;
      };
      const results = log.runs[0].results.map((result) => [result.locations[0].physicalLocation.artifactLocation.uri, result.ruleId, result.message.text]);
      assert.deepEqual(results, [
        ['locked.ts', 'file-skipped', 'File cannot be read (EACCES); not linted.'],
        ['ok.ts', 'logger-per-call', results[1][2]],
      ]);
      assert.deepEqual(log.runs[0].invocations[0].toolExecutionNotifications.map((note) => note.message.text), ['locked-folder: cannot read folder (EACCES)']);
    } finally {
      fs.chmodSync(path.join(tree.dir, 'scan', 'locked-folder'), 0o755);
      tree.remove();
    }
  });
});
