import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

export interface CliRun {
  wallSeconds: number;
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

/** Runs the built CLI as a user would, report to a file (not a pipe), and measures it. */
export function runCli(context: CliContext, args: string[], cwd: string): CliRun {
  const rssFile = path.join(context.scratch, `rss-${process.pid}.txt`);
  fs.rmSync(rssFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', context.rssHook, context.cli, '--format', 'json', '-o', path.join(context.scratch, 'report.json'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LEAKLINT_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) throw new Error(`leaklint ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { wallSeconds, peakRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, status: child.status };
}

export interface JobsFigures {
  jobs1Seconds: number;
  jobs2Seconds: number;
  /** Median of the per-repetition ratios jobs 2 / jobs 1. */
  ratio: number;
  jobs1PeakRssMb: number;
  jobs2PeakRssMb: number;
}

/** `--jobs 1` and `--jobs 2`, alternating which goes first. */
export function measureJobs(context: CliContext, root: string, repeats: number): JobsFigures {
  const one: CliRun[] = [];
  const two: CliRun[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order = repeat % 2 === 0 ? ['1', '2'] : ['2', '1'];
    for (const jobs of order) (jobs === '1' ? one : two).push(runCli(context, [root, '--jobs', jobs], path.dirname(root)));
  }
  return {
    jobs1Seconds: median(one.map((run) => run.wallSeconds)),
    jobs2Seconds: median(two.map((run) => run.wallSeconds)),
    ratio: median(one.map((run, i) => two[i].wallSeconds / run.wallSeconds)),
    jobs1PeakRssMb: median(one.map((run) => run.peakRssMb)),
    jobs2PeakRssMb: median(two.map((run) => run.peakRssMb)),
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
