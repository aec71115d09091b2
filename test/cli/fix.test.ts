import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLeaklint } from '../cli-helpers';
import { makeTempTree } from '../helpers';

/**
 * `leaklint --fix` end to end, with the built CLI on a fresh copy of a small project: safe fixes
 * are written to disk exactly, suggestions are left alone (and still reported), and the exit
 * status and report describe what is left after fixing.
 */

const RULES = ['logger-per-call', 'missing-companion-call'];

const FIXTURE: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'src/handler.ts': `import winston from 'winston';

export function handle(request: { url: string }) {
  const logger = winston.createLogger({
    level: 'info',
    transports: [new winston.transports.Console()],
  });
  logger.info(request.url);
}
`,
  'src/ingester.ts': `export class Ingester {
  constructor(private readonly db: { compactHead(): Promise<void>; compactOOOHead(): Promise<void> }) {}

  async closeIdle() {
    await this.db.compactHead();
  }
}
`,
  // Only suggestions here: releasing right after acquiring, or moving a call that computes the level.
  'src/suggestions.ts': `import winston from 'winston';
function levelFromEnv() { return process.env.LEVEL ?? 'info'; }

export async function handle(semaphore: { acquire(): Promise<void>; release(): void }) {
  await semaphore.acquire();
  const logger = winston.createLogger({ level: levelFromEnv() });
  logger.info('handled');
}
`,
  'src/clean.ts': `export const answer = 42;\n`,
};

const FIXED_HANDLER = `import winston from 'winston';

const logger = winston.createLogger({
  level: 'info',
  transports: [new winston.transports.Console()],
});

export function handle(request: { url: string }) {
  logger.info(request.url);
}
`;

const FIXED_INGESTER = `export class Ingester {
  constructor(private readonly db: { compactHead(): Promise<void>; compactOOOHead(): Promise<void> }) {}

  async closeIdle() {
    await this.db.compactHead();
    await this.db.compactOOOHead();
  }
}
`;

interface JsonFinding {
  ruleId: string;
  line: number;
  fix?: unknown;
  suggestions: Array<{ title: string }>;
}

describe('CLI --fix', function () {
  this.timeout(60_000);
  let tree: ReturnType<typeof makeTempTree>;
  /** `--rule <id>:off` for every rule but the two under test, so other rules' fixes do not mix in. */
  let onlyOurRules: string[];

  before(() => {
    const listed = runLeaklint(['--list-rules'], process.cwd());
    assert.equal(listed.status, 0, listed.stderr);
    const ids = listed.stdout.split('\n').map((line) => line.split(/\s+/)[0]).filter(Boolean);
    for (const id of RULES) assert.ok(ids.includes(id), `${id} is listed`);
    onlyOurRules = ids.filter((id) => !RULES.includes(id)).flatMap((id) => ['--rule', `${id}:off`]);
  });
  beforeEach(() => {
    tree = makeTempTree(FIXTURE);
  });
  afterEach(() => tree.remove());

  const read = (relative: string) => fs.readFileSync(path.join(tree.dir, relative), 'utf8');

  it('reports the fixable problems before fixing and changes nothing without --fix', () => {
    const run = runLeaklint([...onlyOurRules], tree.dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /✖ 4 problems \(0 errors, 4 warnings, 0 info\) in 4 files/);
    assert.match(run.stdout, / {2}2 problems fixable with the `--fix` option\./);
    for (const [relative, content] of Object.entries(FIXTURE)) assert.equal(read(relative), content, relative);
  });

  it('writes the exact fixed text and leaves suggestions unapplied', () => {
    const run = runLeaklint(['--fix', '--format', 'json', ...onlyOurRules], tree.dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');

    assert.equal(read('src/handler.ts'), FIXED_HANDLER);
    assert.equal(read('src/ingester.ts'), FIXED_INGESTER);
    assert.equal(read('src/suggestions.ts'), FIXTURE['src/suggestions.ts'], 'suggestions are never applied by --fix');
    assert.equal(read('src/clean.ts'), FIXTURE['src/clean.ts']);

    // The report describes the files after fixing: only the suggestion-only findings are left.
    const files = JSON.parse(run.stdout) as Array<{ filePath: string; warningCount: number; findings: JsonFinding[] }>;
    const byPath = Object.fromEntries(files.map((file) => [file.filePath, file]));
    assert.deepEqual(Object.keys(byPath).sort(), ['src/clean.ts', 'src/handler.ts', 'src/ingester.ts', 'src/suggestions.ts']);
    assert.equal(byPath['src/handler.ts'].findings.length, 0);
    assert.equal(byPath['src/ingester.ts'].findings.length, 0);
    const left = byPath['src/suggestions.ts'].findings;
    assert.deepEqual(
      left.map((finding) => [finding.ruleId, finding.line, finding.fix === undefined, finding.suggestions.map((s) => s.title)]),
      [
        ['missing-companion-call', 5, true, ['Add the missing `release()` call']],
        ['logger-per-call', 6, true, ['Create the logger once, at module level']],
      ],
    );
  });

  it('prints what is left in stylish output, and a second --fix changes nothing', () => {
    const first = runLeaklint(['--fix', ...onlyOurRules], tree.dir);
    assert.equal(first.status, 0, first.stderr);
    const lines = first.stdout.split('\n');
    assert.equal(lines[0], 'src/suggestions.ts');
    assert.match(lines[1], /^ {2}5:9 {3}warning {2}`acquire\(\)` has no matching `release\(\)` or `destroy\(\)` in this function.* {2}missing-companion-call$/);
    assert.match(lines[2], /^ {2}6:18 {2}warning {2}A logger \(winston\.createLogger\(\)\) is constructed on every call .* {2}logger-per-call$/);
    assert.match(first.stdout, /✖ 2 problems \(0 errors, 2 warnings, 0 info\) in 4 files/);
    assert.doesNotMatch(first.stdout, /fixable with the `--fix` option/);

    const fixed = Object.fromEntries(Object.keys(FIXTURE).map((relative) => [relative, read(relative)]));
    const second = runLeaklint(['--fix', ...onlyOurRules], tree.dir);
    assert.equal(second.status, 0);
    assert.equal(second.stdout.replace(/\(\d+\.\d s\)/, ''), first.stdout.replace(/\(\d+\.\d s\)/, ''));
    for (const [relative, content] of Object.entries(fixed)) assert.equal(read(relative), content, `${relative} is unchanged`);
  });

  it('exits 1 when a finding left after fixing is an error', () => {
    const run = runLeaklint(['--fix', '--rule', 'missing-companion-call:error', ...onlyOurRules], tree.dir);
    assert.equal(run.status, 1);
    assert.equal(read('src/ingester.ts'), FIXED_INGESTER, 'the fixable error was fixed');
    assert.match(run.stdout, /5:9 {3}error {4}`acquire\(\)`/);
    assert.match(run.stdout, /✖ 2 problems \(1 error, 1 warning, 0 info\) in 4 files/);
  });

  it('fixes only the paths it is given', () => {
    const run = runLeaklint(['--fix', 'src/ingester.ts', ...onlyOurRules], tree.dir);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^✔ No leak patterns found in 1 file \(\d+\.\d s\)\.\n$/);
    assert.equal(read('src/ingester.ts'), FIXED_INGESTER);
    assert.equal(read('src/handler.ts'), FIXTURE['src/handler.ts']);
  });
});
