import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** What the hook writes: the whole process's figures, all threads included. */
export interface ProcessUsage {
  /** Peak resident set size, in KB. */
  maxRssKb: number;
  /** User plus system CPU time, in seconds: above the wall time when several threads were busy. */
  cpuSeconds: number;
}

/**
 * Preloaded (`node --require`) into the CLI by the benchmark: on exit, writes the process's
 * `ProcessUsage` as JSON to the file named by LEAKLINT_BENCH_RSS_FILE. Worker threads inherit the
 * preload; only the main thread writes.
 */
const target = process.env.LEAKLINT_BENCH_RSS_FILE;
if (isMainThread && target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const figures: ProcessUsage = { maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 };
    fs.writeFileSync(target, JSON.stringify(figures));
  });
}
