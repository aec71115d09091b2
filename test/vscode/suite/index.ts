import { createRequire } from 'node:module';
import * as path from 'node:path';
import type MochaType from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: Array<{ title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }>;
}

/**
 * Mocha comes from the repository's node_modules: in code-server the suite runs from an
 * installed harness extension, far from them, so LEAKLINT_REPO_ROOT says where they are.
 */
function loadMocha(): typeof MochaType {
  const root = process.env.LEAKLINT_REPO_ROOT;
  const load = root ? createRequire(path.join(root, 'package.json')) : require;
  return load('mocha') as typeof MochaType;
}

/** Runs the suite inside the VS Code extension host and collects the results. */
export function runSuite(): Promise<SuiteResults> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  // The tests are bundled with this file: register mocha's globals, then load them.
  mocha.suite.emit('pre-require', globalThis, 'leaklint-vscode-suite', mocha);
  require('./extension.test');
  const results: SuiteResults = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? error.message });
    });
  });
}

/** The entry point @vscode/test-electron calls (`extensionTestsPath`). */
export async function run(): Promise<void> {
  const results = await runSuite();
  if (results.failed > 0) throw new Error(`${results.failed} of ${results.passed + results.failed} VS Code tests failed.`);
}
