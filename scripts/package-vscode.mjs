// Builds the .vsix: esbuild bundles (minified), then `vsce package` in a staging folder.
// Staging is needed because package.json's "files" (what the npm package ships) and the
// .vscodeignore (what the .vsix ships) cannot both be present where vsce runs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, '.vscode-test', 'package');
const out = path.resolve(root, process.argv[2] ?? 'leaklint.vsix');
const MAX_BYTES = 5 * 1024 * 1024;

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });
for (const item of ['.vscodeignore', 'dist/client.js', 'dist/server.js', 'schemas', 'docs', 'images', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
  cpSync(path.join(root, item), path.join(stage, item), { recursive: true });
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
delete manifest.files;
// vsce would run these hooks in the stage, where there is nothing to build.
delete manifest.scripts;
writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, stdio: 'inherit' });
const size = statSync(out).size;
console.log(`${path.relative(root, out)}: ${(size / 1024 / 1024).toFixed(2)} MB`);
if (size > MAX_BYTES) {
  console.error(`The .vsix is larger than ${MAX_BYTES / 1024 / 1024} MB.`);
  process.exit(1);
}
