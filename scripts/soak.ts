// `npm run soak [-- --cycles N]`: the slow reliability runs, with their figures printed:
// the language server through 5,000 open/edit/code action/close cycles (heap and per-document
// state), the CLI over 100,000 tiny files in one folder, and files of 1 to 20 MB linted in full.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI } from '../test/cli-helpers';
import { makeTempTree } from '../test/helpers';
import { generatedSource } from '../test/hostile/inputs';
import { describeSoak, HEAP_GROWTH_LIMIT, mb, perDocumentState, runSoak } from '../test/soak/soak';

function numberFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

/** GNU time reports the peak memory of the run, coreutils timeout stops a runaway one; without them the figures are left out. */
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const TIMEOUT = fs.existsSync('/usr/bin/timeout') ? '/usr/bin/timeout' : undefined;

/** Runs the CLI; `finished` is false when it was stopped after `timeoutSeconds`. */
function runCli(args: string[], cwd: string, timeoutSeconds = 600): { finished: boolean; status: number | null; stdout: string; seconds: number; maxRss: string } {
  const started = Date.now();
  const command = [
    ...(TIME ? [TIME, '-f', '%M'] : []),
    ...(TIMEOUT ? [TIMEOUT, '-s', 'KILL', String(timeoutSeconds)] : []),
    process.execPath, CLI, ...args,
  ];
  const child = spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const rssKb = TIME ? Number(/(\d+)\s*$/.exec(child.stderr)?.[1]) : NaN;
  return {
    // The CLI exits 0, 1 or 2; anything else is the timeout (or someone) stopping it.
    finished: child.status !== null && child.status <= 2,
    status: child.status,
    stdout: child.stdout,
    seconds: (Date.now() - started) / 1000,
    maxRss: Number.isNaN(rssKb) ? 'n/a' : `${(rssKb / 1024).toFixed(0)} MB`,
  };
}

async function soakServer(): Promise<void> {
  const cycles = numberFlag('--cycles', 5000);
  const tree = makeTempTree({ '.git/HEAD': 'ref: refs/heads/main\n' });
  try {
    const figures = await runSoak({ folder: tree.dir, cycles, baselineCycles: 100, documents: 50, window: 5, seed: 7 }, (line) => console.log(`  ${line}`));
    console.log(`  ${describeSoak(figures)}`);
    console.log(`  per-document state at the end: ${JSON.stringify(perDocumentState(figures.stateAtEnd))}`);
    check(Object.values(perDocumentState(figures.stateAtEnd)).every((count) => count === 0), 'no per-document state left for closed documents');
    check(figures.heapAtEnd - figures.heapAtBaseline < HEAP_GROWTH_LIMIT,
      `heap growth ${mb(figures.heapAtEnd - figures.heapAtBaseline)} under ${mb(HEAP_GROWTH_LIMIT)}`);
  } finally {
    tree.remove();
  }
}

function manyFiles(): void {
  const count = 100_000;
  const tree = makeTempTree({ '.git/HEAD': '' });
  try {
    const dir = path.join(tree.dir, 'many');
    fs.mkdirSync(dir);
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `file-${i}.ts`), `export const value${i} = ${i};\n`);
    const run = runCli(['many'], tree.dir);
    console.log(`  ${count.toLocaleString('en')} files: exit ${run.status} in ${run.seconds.toFixed(1)} s, max RSS ${run.maxRss}: ${run.stdout.trim()}`);
    check(run.status === 0 && run.stdout.includes(`in ${count} files`), `all ${count} files linted`);
  } finally {
    tree.remove();
  }
}

/** Lints a generated file of `megabytes` in full; undefined when it takes longer than `limitSeconds` or is not linted. */
function lintGenerated(megabytes: number, limitSeconds: number): { seconds: number; maxRss: string; warnings: number } | undefined {
  const tree = makeTempTree({ '.git/HEAD': '', 'big.ts': generatedSource(megabytes * 1024 * 1024) });
  try {
    const run = runCli(['--format', 'json', '--max-file-size', String(64 * 1024 * 1024), 'big.ts'], tree.dir, limitSeconds);
    if (!run.finished) return undefined;
    const [file] = JSON.parse(run.stdout) as Array<{ warningCount: number; skipped?: string; findings: Array<{ ruleId: string }> }>;
    // An internal-error notice means the engine gave up on the file (it once did past 125,000 findings).
    const linted = file.skipped === undefined && !file.findings.some((finding) => finding.ruleId === 'internal-error');
    return linted ? { seconds: run.seconds, maxRss: run.maxRss, warnings: file.warningCount } : undefined;
  } finally {
    tree.remove();
  }
}

function largeFiles(): void {
  const times: number[] = [];
  for (const megabytes of [1, 2, 4]) {
    const result = lintGenerated(megabytes, 600);
    console.log(`  ${megabytes} MB generated file linted in full: ${result ? `${result.seconds.toFixed(1)} s, max RSS ${result.maxRss}, ${result.warnings} warnings` : 'not linted in full within 600 s'}`);
    times.push(result?.seconds ?? Infinity);
  }
  // Linear work doubles with the size; quadratic work quadruples.
  check(times[2] / times[0] < 8, `lint time grows about linearly with the size (4 MB / 1 MB = ${(times[2] / times[0]).toFixed(1)}x)`);
  const twenty = lintGenerated(20, 900);
  console.log(`  20 MB generated file linted in full: ${twenty ? `${twenty.seconds.toFixed(1)} s, max RSS ${twenty.maxRss}, ${twenty.warnings} warnings` : 'not linted in full within 900 s'}`);
  check(twenty !== undefined, 'a 20 MB file is linted when the size limit allows it');
}

async function main(): Promise<void> {
  console.log('language server soak:');
  await soakServer();
  console.log('CLI, 100,000 tiny files in one folder:');
  manyFiles();
  console.log('CLI, large generated files (the default size limit, 1 MB, raised):');
  largeFiles();
  if (failures.length > 0) {
    console.error(`soak: ${failures.length} check(s) failed`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
