/**
 * Preloaded (`node --expose-gc -r heap-probe.js dist/server.js`) by the soak test: on SIGUSR2 it
 * collects garbage until the heap stops shrinking and writes `process.memoryUsage()` to the file
 * named by LEAKLINT_HEAP_PROBE_FILE. It measures the server without being part of it.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';

const target = process.env.LEAKLINT_HEAP_PROBE_FILE;
const collect = (globalThis as { gc?: () => void }).gc;

if (target && collect) {
  process.on('SIGUSR2', () => {
    // Finalizers and weak callbacks run between turns: collect, yield, collect again.
    let rounds = 0;
    let previous = Infinity;
    const step = () => {
      collect();
      const used = process.memoryUsage().heapUsed;
      if (rounds++ < 10 && used < previous - 64 * 1024) {
        previous = used;
        setImmediate(step);
        return;
      }
      // For a leak hunt: LEAKLINT_HEAP_SNAPSHOT_DIR=/tmp/x npm run soak, then compare the snapshots in DevTools.
      const snapshots = process.env.LEAKLINT_HEAP_SNAPSHOT_DIR;
      if (snapshots) v8.writeHeapSnapshot(`${snapshots}/server-${Date.now()}.heapsnapshot`);
      const partial = `${target}.partial`;
      fs.writeFileSync(partial, JSON.stringify(process.memoryUsage()));
      // Renamed into place so the reader never sees a half-written file.
      fs.renameSync(partial, target);
    };
    step();
  });
}
