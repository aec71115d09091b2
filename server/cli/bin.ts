import { setFlagsFromString } from 'node:v8';
import { runCliParallel } from './main';
import { isLintWorker, runLintWorker } from './worker';

/** The `leaklint` executable: never shows a stack trace, whatever happens. */
async function main(): Promise<void> {
  let code: number;
  try {
    code = await runCliParallel(process.argv.slice(2), {
      cwd: process.cwd(),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      isTTY: process.stdout.isTTY === true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`leaklint: internal error: ${message}\nPlease report it with the command you ran.\n`);
    if (process.env.LEAKLINT_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    code = 2;
  }
  process.exitCode = code;
}

// Linting leaves each file's tree and text behind as garbage. By default V8 lets a heap grow to
// several times its live data before a full collection, so a scan's peak memory would follow how
// long it runs (the number of files) rather than the largest file. A heap kept within 1.5 times
// its live data costs about a tenth more time and takes a third less memory (docs/performance.md).
// Process-wide: the worker threads' heaps follow it too.
setFlagsFromString('--heap-growing-percent=50');

// The bundle is also its own worker script (see pool.ts): a worker serves lint requests instead.
if (isLintWorker()) runLintWorker();
else void main();
