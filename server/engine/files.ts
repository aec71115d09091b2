import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isLintablePath } from './source';

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

function readGitignore(dir: string): IgnoreScope | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, matcher: ignore().add(text) };
}

/**
 * .gitignore files above a scanned root, up to the repository root. They apply below the root
 * only when they do not ignore the root itself: a folder named explicitly is always scanned.
 */
function ancestorGitignores(root: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const scope = readGitignore(dir);
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

  for (const given of paths.length > 0 ? paths : ['.']) {
    const root = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(root);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isFile()) {
      if (!seen.has(root)) {
        seen.add(root);
        files.push({ absolutePath: root, root });
      }
      continue;
    }
    const defaults: IgnoreScope = { dir: root, matcher: ignore().add(DEFAULT_IGNORE_PATTERNS) };
    const scopes: IgnoreScope[] = [defaults, ...ancestorGitignores(root)];
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
        warnings.push(`${path.relative(cwd, dir) || '.'}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? error})`);
        return;
      }
      const local = readGitignore(dir);
      const scopesHere = local ? [...inherited, local] : inherited;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          if (!options.followSymlinks) continue;
          try {
            const target = fs.statSync(full);
            isDirectory = target.isDirectory();
            isFile = target.isFile();
          } catch {
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
