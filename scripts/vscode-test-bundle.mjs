// Bundles the VS Code test suite (test/vscode/suite) for @vscode/test-electron, and the
// test-harness extension (test/vscode/harness) that runs the same suite inside code-server.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // vscode is the host's; mocha is loaded from the repository at run time (see suite/index.ts).
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
};

/** Writes `<outDir>/suite/index.js` and the unpacked harness extension in `<outDir>/harness/`. */
export async function bundleVscodeTests(root, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'harness'), { recursive: true });
  await Promise.all([
    build({ ...common, entryPoints: [path.join(root, 'test/vscode/suite/index.ts')], outfile: path.join(outDir, 'suite', 'index.js') }),
    build({ ...common, entryPoints: [path.join(root, 'test/vscode/harness/extension.ts')], outfile: path.join(outDir, 'harness', 'extension.js') }),
  ]);
  copyFileSync(path.join(root, 'test/vscode/harness/package.json'), path.join(outDir, 'harness', 'package.json'));
  return { suiteEntry: path.join(outDir, 'suite', 'index.js'), harnessDir: path.join(outDir, 'harness') };
}
