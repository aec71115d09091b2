import * as fs from 'node:fs';

/**
 * Preloaded (`node --expose-gc --require`) into the language server by the benchmark, which then
 * measures the server from outside: on SIGUSR2, collects garbage until the heap stops shrinking and
 * writes the heap in use, in bytes, to the file named by LEAKLINT_BENCH_HEAP_FILE.
 */
const target = process.env.LEAKLINT_BENCH_HEAP_FILE;
const collect = (globalThis as { gc?: () => void }).gc;
if (target && collect) {
  process.on('SIGUSR2', () => {
    let previous = Infinity;
    for (let round = 0; round < 5; round++) {
      collect();
      const used = process.memoryUsage().heapUsed;
      if (used >= previous - 64 * 1024) break;
      previous = used;
    }
    fs.writeFileSync(`${target}.partial`, String(process.memoryUsage().heapUsed));
    fs.renameSync(`${target}.partial`, target);
  });
}
