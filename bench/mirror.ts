import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLintablePath } from '../server/engine/lintable';

/**
 * Benchmark corpora as folders the CLI walks like any project. Files are hard links (copies where
 * links are impossible), so building a mirror of node_modules takes a second, not a gigabyte.
 */

/** Folder names the CLI's default ignores would skip below a scanned root. */
const IGNORED_NAMES = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', '.git']);

function linkOrCopy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** Every lintable file (.js, .ts and friends, not .d.ts) below `root`, nested node_modules included. */
export function lintableFilesBelow(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isLintablePath(entry.name)) files.push(full);
    }
  };
  walk(root);
  return files;
}

/**
 * Mirrors the lintable files below `root` into `target`, renaming the folders (and `.min.js`
 * names) the CLI's default ignores would skip, so a walk of the mirror lints all of them: the
 * corpus is all of the installed third-party code, not just what a default walk would visit.
 */
export function mirrorLintableFiles(root: string, target: string): string[] {
  fs.rmSync(target, { recursive: true, force: true });
  return lintableFilesBelow(root).map((file) => {
    const parts = path.relative(root, file).split(path.sep).map((part) => (IGNORED_NAMES.has(part) ? `${part}~` : part));
    parts[parts.length - 1] = parts[parts.length - 1].replace(/\.min\.js$/i, '.min~.js');
    const mirrored = path.join(target, ...parts);
    linkOrCopy(file, mirrored);
    return mirrored;
  });
}

/** `copies` mirrors of the folder `source` side by side in `target`: the corpus n times over. */
export function replicate(source: string, target: string, copies: number): void {
  fs.rmSync(target, { recursive: true, force: true });
  const files = lintableFilesBelow(source);
  for (let copy = 1; copy <= copies; copy++) {
    for (const file of files) linkOrCopy(file, path.join(target, `copy${copy}`, path.relative(source, file)));
  }
}
