import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { printable } from './printable';
import { isLintablePath } from './lintable';

/** Never linted when found while walking a folder; a path given explicitly is still linted. */
export const DEFAULT_IGNORE_PATTERNS = ['node_modules/', 'dist/', 'out/', 'build/', 'coverage/', '*.min.js', '.git/'];

export interface DiscoveryOptions {
  /** Extra .gitignore-style patterns, relative to `cwd`. */
  ignorePatterns?: readonly string[];
  cwd?: string;
  followSymlinks?: boolean;
  /** Extra check, for a config file's `ignore` list. */
  isIgnored?: (absolutePath: string) => boolean;
}

export interface DiscoveredFile {
  absolutePath: string;
  /** The scanned root (a folder given on the command line, or the file itself). */
  root: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Paths that were given but could not be walked, with why. */
  warnings: string[];
  /** Paths given that do not exist. */
  missing: string[];
}

interface IgnoreScope {
  dir: string;
  matcher: Ignore;
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function ignoredBy(scopes: readonly IgnoreScope[], absolutePath: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = toPosix(path.relative(scope.dir, absolutePath));
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (scope.matcher.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** A .gitignore larger than this is not a list of patterns someone wrote. */
const MAX_GITIGNORE_SIZE = 1024 * 1024;

/**
 * The .gitignore in `dir`, if any. Like git, a .gitignore that is a symbolic link is not followed
 * (unless symlinks are followed everywhere): it could point at any file on the machine.
 */
function readGitignore(dir: string, followSymlinks: boolean): IgnoreScope | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    const stat = followSymlinks ? fs.statSync(file) : fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_GITIGNORE_SIZE) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { dir, matcher: ignore().add(text) };
}

/**
 * .gitignore files above a scanned root, up to the repository root. They apply below the root
 * only when they do not ignore the root itself: a folder named explicitly is always scanned.
 */
function ancestorGitignores(root: string, followSymlinks: boolean): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const scope = readGitignore(dir, followSymlinks);
    if (scope) scopes.unshift(scope);
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  if (fs.existsSync(path.join(root, '.git'))) return [];
  return ignoredBy(scopes, root, true) ? [] : scopes;
}

export function discoverFiles(paths: readonly string[], options: DiscoveryOptions = {}): Discovery {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const files: DiscoveredFile[] = [];
  const warnings: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const extra = options.ignorePatterns?.length ? ignore().add([...options.ignorePatterns]) : undefined;

  const followSymlinks = options.followSymlinks === true;
  const shown = (file: string) => printable(path.relative(cwd, file) || '.');

  for (const given of paths.length > 0 ? paths : ['.']) {
    const root = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(root);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') missing.push(given);
      else warnings.push(`${shown(root)}: cannot be read (${code ?? error}); skipped`);
      continue;
    }
    if (stat.isFile()) {
      if (!seen.has(root)) {
        seen.add(root);
        files.push({ absolutePath: root, root });
      }
      continue;
    }
    if (!stat.isDirectory()) {
      warnings.push(`${shown(root)}: not a regular file or folder; skipped`);
      continue;
    }
    const defaults: IgnoreScope = { dir: root, matcher: ignore().add(DEFAULT_IGNORE_PATTERNS) };
    const scopes: IgnoreScope[] = [defaults, ...ancestorGitignores(root, followSymlinks)];
    if (extra) scopes.push({ dir: isInside(root, cwd) ? cwd : root, matcher: extra });
    const visitedDirs = new Set<string>();
    walk(root, scopes);

    function walk(dir: string, inherited: IgnoreScope[]): void {
      if (options.followSymlinks) {
        // Symlink loops: visit each real folder once.
        let real: string;
        try {
          real = fs.realpathSync(dir);
        } catch {
          return;
        }
        if (visitedDirs.has(real)) return;
        visitedDirs.add(real);
      }
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        warnings.push(`${shown(dir)}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? error})`);
        return;
      }
      const local = readGitignore(dir, followSymlinks);
      const scopesHere = local ? [...inherited, local] : inherited;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          if (!followSymlinks) continue;
          try {
            const target = fs.statSync(full);
            isDirectory = target.isDirectory();
            isFile = target.isFile();
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            // A link to nothing is only worth a word when it looks like something we would lint.
            if (code === 'ELOOP') warnings.push(`${shown(full)}: symbolic link loop; skipped`);
            else if (isLintablePath(entry.name)) warnings.push(`${shown(full)}: broken symbolic link (${code ?? error}); skipped`);
            continue;
          }
        }
        if (isDirectory) {
          if (!ignoredBy(scopesHere, full, true)) walk(full, scopesHere);
        } else if (isFile && isLintablePath(entry.name)) {
          if (ignoredBy(scopesHere, full, false) || options.isIgnored?.(full) || seen.has(full)) continue;
          seen.add(full);
          files.push({ absolutePath: full, root });
        }
      }
    }
  }
  return { files, warnings, missing };
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
