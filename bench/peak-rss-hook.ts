import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded (`node --require`) into the CLI by the benchmark: on exit, writes the process's peak
 * resident set size (in KB, all threads) to the file named by LEAKLINT_BENCH_RSS_FILE. Worker
 * threads inherit the preload; only the main thread writes.
 */
const target = process.env.LEAKLINT_BENCH_RSS_FILE;
if (isMainThread && target) {
  process.on('exit', () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
