import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createResolver, loadLintFile, parseCommandLine } from './setup';
import { LINT_WORKER_MARKER, type FromWorker, type LintWorkerData, type ToWorker } from './worker-protocol';

/** True in a thread the CLI started to lint files (the bundle starts itself as its workers). */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Partial<LintWorkerData> | null)?.marker === LINT_WORKER_MARKER;
}

/** Serves lint requests until the main thread ends this thread. */
export function runLintWorker(): void {
  const data = workerData as LintWorkerData;
  const port = parentPort!;
  const commandLine = parseCommandLine(data.argv);
  const resolver = createResolver(commandLine, data.cwd);
  const knownRuleIds = commandLine.registry.ids;
  const fix = commandLine.options.fix;
  const lintFile = loadLintFile();
  port.on('message', (message: ToWorker) => {
    let reply: FromWorker;
    try {
      const results = message.tasks.map(({ index, absolutePath }) => ({
        index,
        result: lintFile(absolutePath, resolver.forFile(absolutePath), { fix, knownRuleIds }),
      }));
      reply = { type: 'results', results };
    } catch (error) {
      reply = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
