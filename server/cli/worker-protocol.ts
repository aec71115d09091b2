import type { FileResult } from '../engine/lint-file';

/** Marks a worker thread started by the CLI's pool, so the entry script knows to serve, not to run. */
export const LINT_WORKER_MARKER = 'leaklint-lint-worker';

export interface LintWorkerData {
  marker: typeof LINT_WORKER_MARKER;
  argv: readonly string[];
  cwd: string;
}

export interface LintTask {
  /** The file's position in the report, so results can arrive in any order. */
  index: number;
  absolutePath: string;
}

export type ToWorker = { type: 'lint'; tasks: LintTask[] };

export type FromWorker =
  | { type: 'results'; results: Array<{ index: number; result: FileResult }> }
  | { type: 'failed'; message: string };
