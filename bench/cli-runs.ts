import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProcessUsage } from './peak-rss-hook';
import { median } from './stats';

export interface CliRun {
  wallSeconds: number;
  /** CPU time of the whole process (all threads, V8's compiler and GC threads too), in seconds. */
  cpuSeconds: number;
  /** Peak resident set of the whole process (all threads), in MB. */
  peakRssMb: number;
  status: number;
}

export interface CliContext {
  cli: string;
  /** The compiled peak-RSS preload (bench/peak-rss-hook.ts). */
  rssHook: string;
  scratch: string;
}

/** The command line of one measured run; `tag` tells apart the files of runs that overlap. */
function cliInvocation(context: CliContext, args: string[], tag: string) {
  const usageFile = path.join(context.scratch, `usage-${tag}.json`);
  fs.rmSync(usageFile, { force: true });
  return {
    argv: ['--require', context.rssHook, context.cli, '--format', 'json', '-o', path.join(context.scratch, `report-${tag}.json`), ...args],
    env: { ...process.env, NO_COLOR: '1', LEAKLINT_BENCH_RSS_FILE: usageFile },
    usageFile,
  };
}

function finishedRun(args: string[], usageFile: string, wallSeconds: number, status: number | null, stderr: string): CliRun {
  if (status !== 0 && status !== 1) throw new Error(`leaklint ${args.join(' ')} exited ${status}: ${stderr}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as ProcessUsage;
  return { wallSeconds, cpuSeconds: usage.cpuSeconds, peakRssMb: usage.maxRssKb / 1024, status };
}

/** Runs the built CLI as a user would, report to a file (not a pipe), and measures it. */
export function runCli(context: CliContext, args: string[], cwd: string): CliRun {
  const { argv, env, usageFile } = cliInvocation(context, args, 'run');
  const started = performance.now();
  const child = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.error) throw child.error;
  return finishedRun(args, usageFile, wallSeconds, child.status, child.stderr);
}

/** Runs the CLI once per argument list, all at the same time; the wall time is until the last ends. */
async function runClisAtOnce(context: CliContext, argLists: string[][], cwd: string): Promise<number> {
  const started = performance.now();
  await Promise.all(argLists.map((args, i) => new Promise<void>((resolve, reject) => {
    const { argv, env, usageFile } = cliInvocation(context, args, `run-${i}`);
    const child = spawn(process.execPath, argv, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        // Each run is checked (exit status, usage file) like runCli's; the figure is the wall time of all.
        finishedRun(args, usageFile, (performance.now() - started) / 1000, status, stderr);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  })));
  return (performance.now() - started) / 1000;
}

export interface JobsFigures {
  jobs1Seconds: number;
  jobs2Seconds: number;
  /** Median of the per-repetition ratios jobs 2 / jobs 1. */
  ratio: number;
  jobs1PeakRssMb: number;
  jobs2PeakRssMb: number;
  /**
   * CPU seconds per wall second of the `--jobs 1` run: above 1 because V8 compiles and collects
   * garbage on threads of its own, which take a second core while the one lint thread runs.
   */
  jobs1CoresBusy: number;
  /**
   * Two separate processes at once, each `--jobs 1 --shard k/2` (half the files each): nothing
   * shared, so no split of the work over two threads of one process can do better on this
   * machine. Median wall time until both end, and its ratio to `--jobs 1` on all the files.
   */
  halvesSeconds: number;
  halvesRatio: number;
}

/** `--jobs 1`, `--jobs 2` and two `--shard` halves at once, rotating which goes first. */
export async function measureJobs(context: CliContext, root: string, repeats: number): Promise<JobsFigures> {
  const cwd = path.dirname(root);
  const one: CliRun[] = [];
  const two: CliRun[] = [];
  const halves: number[] = [];
  const steps = [
    async () => one.push(runCli(context, [root, '--jobs', '1'], cwd)),
    async () => two.push(runCli(context, [root, '--jobs', '2'], cwd)),
    async () => halves.push(await runClisAtOnce(context, [[root, '--jobs', '1', '--shard', '1/2'], [root, '--jobs', '1', '--shard', '2/2']], cwd)),
  ];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (let step = 0; step < steps.length; step++) await steps[(repeat + step) % steps.length]();
  }
  return {
    jobs1Seconds: median(one.map((run) => run.wallSeconds)),
    jobs2Seconds: median(two.map((run) => run.wallSeconds)),
    ratio: median(one.map((run, i) => two[i].wallSeconds / run.wallSeconds)),
    jobs1PeakRssMb: median(one.map((run) => run.peakRssMb)),
    jobs2PeakRssMb: median(two.map((run) => run.peakRssMb)),
    jobs1CoresBusy: median(one.map((run) => run.cpuSeconds / run.wallSeconds)),
    halvesSeconds: median(halves),
    halvesRatio: median(one.map((run, i) => halves[i] / run.wallSeconds)),
  };
}

export interface CacheFigures {
  coldSeconds: number;
  warmSeconds: number;
  /** Median of the per-repetition ratios warm / cold. */
  ratio: number;
}

/** A cold `--cache` scan (cache deleted first), then the same scan again with nothing changed; default --jobs. */
export function measureCache(context: CliContext, root: string, repeats: number): CacheFigures {
  const cacheLocation = path.join(context.scratch, 'cache');
  const cold: number[] = [];
  const warm: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    fs.rmSync(cacheLocation, { recursive: true, force: true });
    const args = [root, '--cache', '--cache-location', cacheLocation];
    cold.push(runCli(context, args, path.dirname(root)).wallSeconds);
    warm.push(runCli(context, args, path.dirname(root)).wallSeconds);
  }
  return { coldSeconds: median(cold), warmSeconds: median(warm), ratio: median(warm.map((seconds, i) => seconds / cold[i])) };
}

export interface MemoryFigures {
  jobs: number;
  onceMb: number;
  twiceMb: number;
  /** twice / once: near 1 when memory follows the largest file, not the number of files. */
  ratio: number;
}

/**
 * Peak RSS scanning the corpus once, and a folder holding it twice over; medians over `repeats`
 * pairs (one run's peak depends on when its collections happened to fall).
 */
export function measureMemory(context: CliContext, once: string, twice: string, jobs: number, repeats: number): MemoryFigures {
  const onces: number[] = [];
  const twices: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    onces.push(runCli(context, [once, '--jobs', String(jobs)], path.dirname(once)).peakRssMb);
    twices.push(runCli(context, [twice, '--jobs', String(jobs)], path.dirname(twice)).peakRssMb);
  }
  return { jobs, onceMb: median(onces), twiceMb: median(twices), ratio: median(onces.map((onceMb, i) => twices[i] / onceMb)) };
}

export function scratchFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'leaklint-bench-run-'));
}
