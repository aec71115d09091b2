import * as fs from 'node:fs';
import { runSuite } from '../suite/index';

/**
 * A test-only extension for running the VS Code suite inside code-server, where no test runner
 * can start VS Code: when LEAKLINT_VSCODE_RESULTS names a file, it runs the suite in this
 * extension host and writes the results there for the script that waits on them.
 */
export async function activate(): Promise<void> {
  const resultsFile = process.env.LEAKLINT_VSCODE_RESULTS;
  if (!resultsFile) return;
  let results: unknown;
  try {
    results = await runSuite();
  } catch (error) {
    results = { passed: 0, failed: 1, tests: [{ title: 'run the suite', state: 'failed', durationMs: 0, error: error instanceof Error ? error.stack : String(error) }] };
  }
  fs.writeFileSync(`${resultsFile}.partial`, JSON.stringify(results, null, 2));
  // Renamed into place so the waiting script never reads half a file.
  fs.renameSync(`${resultsFile}.partial`, resultsFile);
}

export function deactivate(): void {}
