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

// The bundle is also its own worker script (see pool.ts): a worker serves lint requests instead.
if (isLintWorker()) runLintWorker();
else void main();
