import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/cli/main';
import { runLeaklint } from '../cli-helpers';
import { makeTempTree } from '../helpers';
import { LspSession } from '../soak/lsp-session';
import { perDocumentState } from '../soak/soak';
import { assertNoStackTrace, seenIn } from './expectations';

const LEAK = 'export function handle() { const log = pino(); log.info(1); }\n';

interface BrokenConfig {
  folder: string;
  about: string;
  /** Writes the broken `.leaklintrc.json` (or what stands in its place) into `dir`. */
  make: (dir: string, outside: string) => void;
  problem: RegExp;
}

const write = (text: string | Buffer) => (dir: string) => fs.writeFileSync(path.join(dir, '.leaklintrc.json'), text);

/** A syntactically valid config of exactly `bytes` bytes (one very long `ignore` pattern). */
function hugeConfig(bytes: number): string {
  const frame = '{ "ignore": ["generated/"] }';
  return frame.replace('generated/', `generated/${'x'.repeat(bytes - frame.length)}`);
}

const BROKEN_CONFIGS: BrokenConfig[] = [
  { folder: 'invalid-json', about: 'invalid JSON', make: write('{ "rules": { '), problem: /invalid JSON at 1:14: '}' expected/ },
  { folder: 'trailing-garbage', about: 'text after the object', make: write('{ "rules": {} } }'), problem: /invalid JSON at 1:17/ },
  { folder: 'wrong-types', about: 'wrong types', make: write('{ "rules": [], "maxFileSize": "big", "ignore": 3 }'), problem: /rules: expected object, got \[\]/ },
  { folder: 'unknown-rule', about: 'an unknown rule', make: write('{ "rules": { "logger-per-cal": "error" } }'), problem: /unknown rule "logger-per-cal" \(did you mean "logger-per-call"\?\)/ },
  { folder: 'bad-severity', about: 'a bad severity', make: write('{ "rules": { "logger-per-call": "warn" } }'), problem: /severity must be one of .*got "warn" \(did you mean "warning"\?\)/ },
  { folder: 'bad-options', about: 'unknown rule options', make: write('{ "rules": { "logger-per-call": ["error", { "nope": 1 }] } }'), problem: /rules\["logger-per-call"\]\[1\]\.nope: is not a known property/ },
  { folder: 'top-level-array', about: 'an array at the top level', make: write('[{ "rules": {} }]'), problem: /the top level must be an object \(\{ \.\.\. \}\), got an array/ },
  { folder: 'proto-key', about: 'a "__proto__" rule id', make: write('{ "rules": { "__proto__": "error" } }'), problem: /unknown rule "__proto__"/ },
  { folder: 'huge-number', about: 'a number too large', make: write('{ "maxFileSize": 1e400 }'), problem: /the number 1e400 is too large/ },
  { folder: 'deep', about: 'brackets nested 100,000 deep', make: write('['.repeat(100_000)), problem: /nested too deeply to read/ },
  { folder: 'binary', about: 'binary bytes', make: write(Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x00, 0x7d, 0x00])), problem: /invalid JSON at 1:1: File appears to be binary/ },
  { folder: 'ten-megabytes', about: 'a 10 MB file', make: write(hugeConfig(10 * 1024 * 1024)), problem: /the file is 10\.0 MB, larger than a config file can be \(1 MB\)/ },
  { folder: 'a-folder', about: 'a folder named .leaklintrc.json', make: (dir) => fs.mkdirSync(path.join(dir, '.leaklintrc.json')), problem: /is a folder, not a file/ },
  {
    folder: 'symlink-outside', about: 'a symbolic link to a file outside the repository',
    make: (dir, outside) => fs.symlinkSync(path.join(outside, 'shared.json'), path.join(dir, '.leaklintrc.json')),
    problem: /is a symbolic link to a file outside this repository; not read/,
  },
  ...(process.platform === 'win32' ? [] : [{
    folder: 'fifo', about: 'a FIFO named .leaklintrc.json (reading it would block forever)',
    make: (dir: string) => void spawnSync('mkfifo', [path.join(dir, '.leaklintrc.json')]), problem: /is not a regular file/,
  }]),
];

function makeConfigTree(): { root: string; remove: () => void } {
  const tree = makeTempTree({ 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'outside/shared.json': '{ "rules": { "logger-per-call": "error" } }' });
  const root = path.join(tree.dir, 'repo');
  for (const config of BROKEN_CONFIGS) {
    const dir = path.join(root, config.folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.ts'), LEAK);
    config.make(dir, path.join(tree.dir, 'outside'));
  }
  fs.mkdirSync(path.join(root, 'empty'));
  fs.writeFileSync(path.join(root, 'empty', '.leaklintrc.json'), '// being written\n');
  fs.writeFileSync(path.join(root, 'empty', 'a.ts'), LEAK);
  return { root, remove: tree.remove };
}

describe('hostile config files', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeConfigTree>;

  before(() => {
    tree = makeConfigTree();
  });
  after(() => tree.remove());

  describe('the command line', () => {
    // In-process (the same runCli the binary calls) to keep the suite fast; the last cases spawn the binary.
    const inProcess = (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const status = runCli(args, { cwd: tree.root, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), isTTY: false });
      return { status, stdout, stderr };
    };
    for (const config of BROKEN_CONFIGS) {
      it(`${config.about}: exits 2 naming the file and the problem, no stack trace`, () => {
        const spawned = config.folder === 'fifo' || config.folder === 'deep';
        const run = spawned ? runLeaklint([config.folder], tree.root) : inProcess([config.folder]);
        assertNoStackTrace('stderr', run.stderr);
        assert.equal(run.status, 2, run.stdout + run.stderr);
        assert.equal(run.stdout, '');
        const [heading, problem] = run.stderr.split('\n');
        assert.equal(heading, `leaklint: configuration error in ${config.folder}/.leaklintrc.json:`);
        assert.match(problem, /^ {2}- /);
        assert.match(problem, config.problem);
      });
    }

    it('reads a symbolic link outside the repository with --follow-symlinks', () => {
      const run = runLeaklint(['--follow-symlinks', 'symlink-outside', '--format', 'json'], tree.root);
      assert.equal(run.status, 1, run.stderr);
      assert.equal((JSON.parse(run.stdout) as Array<{ errorCount: number }>)[0].errorCount, 1, 'the linked config made it an error');
    });

    it('takes a file with only a comment (a config being written) as an empty config', () => {
      const run = runLeaklint(['empty', '--format', 'json'], tree.root);
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as Array<{ warningCount: number }>)[0].warningCount, 1);
    });
  });

  describe('the language server', () => {
    let session: LspSession;
    before(async () => {
      session = await LspSession.start({ folder: tree.root, settings: { debounceMs: 0 } });
    });
    after(async () => {
      await session?.stop();
    });

    it('keeps linting with the defaults, and shows each broken config once, however much the user types', async () => {
      for (const config of BROKEN_CONFIGS) {
        const uri = await session.open(path.join(tree.root, config.folder, 'a.ts'), LEAK);
        for (let keystroke = 0; keystroke < 10; keystroke++) {
          const version = await session.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `// ${keystroke}\n`);
          const seen = seenIn(await session.diagnostics(uri, version));
          assert.deepEqual(seen.map((finding) => [finding.ruleId, finding.line, finding.column]), [['logger-per-call', 1, 40]],
            `${config.about}: the defaults apply while the config is broken`);
        }
        await session.close(uri);
        await session.cleared(uri);
        const shown = session.messages.filter((message) => config.problem.test(message.message));
        assert.equal(shown.length, 1, `${config.about}: shown once; messages so far: ${JSON.stringify(session.messages.map((m) => m.message))}`);
        assert.match(shown[0].message, /\.leaklintrc\.json/, 'the message names the file');
        assertNoStackTrace('message', shown[0].message);
      }
      assert.equal(session.messages.length, BROKEN_CONFIGS.length, 'one message per broken file, nothing else');
      const state = await session.internalState();
      for (const [name, count] of Object.entries(perDocumentState(state))) assert.equal(count, 0, name);
      assert.ok(session.isRunning);
    });
  });
});
