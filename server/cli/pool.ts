import { Worker } from 'node:worker_threads';
import type { FileResult } from '../engine/lint-file';
import { LINT_WORKER_MARKER, type FromWorker, type LintTask, type LintWorkerData } from './worker-protocol';

export interface SizedTask extends LintTask {
  /** Bytes on disk (0 when unknown): big files are handed out first, so no thread is left with one at the end. */
  size: number;
}

/**
 * A batch is this many bytes or files, whichever comes first: few messages, yet even load. A small
 * scan gets smaller batches, so that every thread gets several.
 */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 32;
const BATCHES_PER_THREAD = 4;
/** Batches a worker holds at once: one to lint and some waiting, so it never idles on a round trip. */
const BATCHES_IN_FLIGHT = 3;

function batchesOf(tasks: readonly SizedTask[], threads: number): LintTask[][] {
  const filesPerBatch = Math.max(1, Math.min(BATCH_FILES, Math.ceil(tasks.length / (threads * BATCHES_PER_THREAD))));
  const bySize = [...tasks].sort((a, b) => b.size - a.size || a.index - b.index);
  const batches: LintTask[][] = [];
  let current: LintTask[] = [];
  let bytes = 0;
  for (const { index, absolutePath, size } of bySize) {
    current.push({ index, absolutePath });
    bytes += size;
    if (bytes >= BATCH_BYTES || current.length >= filesPerBatch) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The script that started this process: the bundle (`dist/cli.js`) starts itself as each worker,
 * and its entry point serves instead of running when it finds the worker marker.
 */
function entryScript(): string {
  return require.main?.filename ?? __filename;
}

interface Job {
  batches: LintTask[][];
  next: number;
  /** Batches sent to workers and not answered yet. */
  outstanding: number;
  lintingHere: boolean;
  onResult: (index: number, result: FileResult) => void;
  settle: (error?: Error) => void;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Worker threads that lint files for this one. Started as early as the thread count is known
 * (before the files are even found, with --jobs), so their start-up overlaps the walk.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private job: Job | undefined;
  /** A worker that failed while no job was running: the next job fails with it. */
  private failure: Error | undefined;

  constructor(count: number, setup: { argv: readonly string[]; cwd: string }) {
    const workerData: LintWorkerData = { marker: LINT_WORKER_MARKER, argv: [...setup.argv], cwd: setup.cwd };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(entryScript(), { workerData });
      this.workers.push(worker);
      worker.on('message', (message: FromWorker) => this.onMessage(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`a lint worker thread stopped unexpectedly (exit code ${code})`)));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Ends the workers past the first `keep`: a scan with few files needs fewer. */
  shrink(keep: number): void {
    for (const worker of this.workers.splice(keep)) {
      worker.removeAllListeners('exit');
      void worker.terminate();
    }
  }

  /** Ends every worker. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.allSettled(workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    if (this.job) this.job.settle(error);
    else this.failure ??= error;
  }

  private feed(worker: Worker, job: Job): void {
    if (job.next >= job.batches.length) return;
    worker.postMessage({ type: 'lint', tasks: job.batches[job.next++] });
    job.outstanding++;
  }

  private settleIfDone(job: Job): void {
    if (!job.lintingHere && job.outstanding === 0 && job.next >= job.batches.length) job.settle();
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    const job = this.job;
    if (!job) return;
    if (message.type === 'failed') {
      job.settle(new Error(message.message));
      return;
    }
    job.outstanding--;
    try {
      for (const { index, result } of message.results) job.onResult(index, result);
    } catch (error) {
      job.settle(asError(error));
      return;
    }
    this.feed(worker, job);
    this.settleIfDone(job);
  }

  /**
   * Lints the tasks here and on the workers, all taking batches from one queue. This thread lints
   * too (between batches it takes results and refills the workers): it would idle otherwise, and
   * each extra thread costs a bundle load and a JIT warm-up. `onResult` runs on this thread as
   * results arrive, in any order.
   */
  run(tasks: readonly SizedTask[], lintHere: (task: LintTask) => FileResult, onResult: (index: number, result: FileResult) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      let settled = false;
      const job: Job = {
        batches: batchesOf(tasks, this.workers.length + 1),
        next: 0,
        outstanding: 0,
        lintingHere: true,
        onResult,
        settle: (error) => {
          if (settled) return;
          settled = true;
          this.job = undefined;
          if (error) reject(error);
          else resolve();
        },
      };
      this.job = job;
      for (const worker of this.workers) for (let held = 0; held < BATCHES_IN_FLIGHT; held++) this.feed(worker, job);

      // One file at a time here, yielding in between so that worker results are taken and the
      // workers refilled without waiting for a whole batch.
      let here: LintTask[] = [];
      const lintNextFileHere = () => {
        if (settled) return;
        if (here.length === 0) {
          if (job.next >= job.batches.length) {
            job.lintingHere = false;
            this.settleIfDone(job);
            return;
          }
          here = [...job.batches[job.next++]].reverse();
        }
        const task = here.pop()!;
        try {
          onResult(task.index, lintHere(task));
        } catch (error) {
          job.settle(asError(error));
          return;
        }
        setImmediate(lintNextFileHere);
      };
      setImmediate(lintNextFileHere);
    });
  }
}
