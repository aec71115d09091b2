// `npm run test:vscode`: the VS Code suite in a VS Code that @vscode/test-electron downloads
// (a laptop, a hosted CI). Where VS Code cannot be downloaded, `npm run test:e2e` runs the same
// suite in code-server instead.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { bundleVscodeTests } from './vscode-test-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
const { suiteEntry } = await bundleVscodeTests(root, path.join(root, '.vscode-test', 'bundle'));
// The tests edit files: always start from a fresh copy of the fixture workspace.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'leaklint-vscode-'));
cpSync(path.join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.LEAKLINT_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteEntry,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
