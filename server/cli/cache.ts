import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../engine/lint-file';

/**
 * `--cache`: results of files linted before, reused while nothing that decides them changed.
 * An entry is used only when the file's content hash, its effective configuration
 * (`EffectiveConfig.key`: enabled rules, severities, options, maxFileSize) and the LeakLint version
 * that wrote the cache all match; anything else means linting the file again.
 */

export const DEFAULT_CACHE_LOCATION = path.join('node_modules', '.cache', 'leaklint');
const CACHE_FILE_NAME = 'cache.json';
/** Bumped when the layout of the file changes, so an old layout is never misread. */
const CACHE_FORMAT = 1;

type StoredResult = Omit<FileResult, 'filePath' | 'fixedText'>;

interface CacheEntry {
  contentHash: string;
  configHash: string;
  result: StoredResult;
}

interface CacheFile {
  format: number;
  /** The LeakLint version that wrote it. */
  version: string;
  /** By path relative to the folder the run started in, so a checkout can move. */
  entries: Record<string, CacheEntry>;
}

export function hashContent(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('base64url');
}

export class LintCache {
  private readonly entries: Map<string, CacheEntry>;
  // leaklint-disable-next-line uncleared-collection -- one cache per CLI run: the files of that run
  private readonly touched = new Set<string>();
  private readonly configHashes = new Map<string, string>();
  readonly file: string;

  private constructor(folder: string, private readonly version: string, entries: Map<string, CacheEntry>) {
    this.file = path.join(folder, CACHE_FILE_NAME);
    this.entries = entries;
  }

  /** The cache in `folder`; empty when there is none, it is unreadable, or another version wrote it. */
  static open(folder: string, version: string): LintCache {
    const file = path.join(folder, CACHE_FILE_NAME);
    let entries = new Map<string, CacheEntry>();
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === CACHE_FORMAT && parsed.version === version && parsed.entries && typeof parsed.entries === 'object') {
        entries = new Map(Object.entries(parsed.entries));
      }
    } catch {
      // No cache yet, or a broken one: start over; the next save replaces it.
    }
    return new LintCache(folder, version, entries);
  }

  private configHash(configKey: string): string {
    let hash = this.configHashes.get(configKey);
    if (hash === undefined) {
      hash = hashContent(configKey);
      this.configHashes.set(configKey, hash);
    }
    return hash;
  }

  lookup(key: string, contentHash: string, configKey: string, filePath: string): FileResult | undefined {
    this.touched.add(key);
    const entry = this.entries.get(key);
    if (!entry || entry.contentHash !== contentHash || entry.configHash !== this.configHash(configKey)) return undefined;
    return { filePath, ...entry.result };
  }

  /**
   * Records the result of linting content with this hash. (A file edited between hashing and
   * linting stores a result under the old hash; the next run sees a new hash and lints it again.)
   */
  store(key: string, contentHash: string, configKey: string, result: FileResult): void {
    this.touched.add(key);
    const { filePath: _filePath, fixedText: _fixedText, ...stored } = result;
    this.entries.set(key, { contentHash, configHash: this.configHash(configKey), result: stored });
  }

  /**
   * Writes the cache (to a temporary file, then renamed: a reader never sees half a file). Entries
   * of files this run did not see are kept while the file exists, so linting one folder does not
   * forget the others. Returns a warning when the cache cannot be written; the run goes on.
   */
  save(baseDir: string): string | undefined {
    const entries: Record<string, CacheEntry> = {};
    for (const [key, entry] of this.entries) {
      if (this.touched.has(key) || fs.existsSync(path.resolve(baseDir, key))) entries[key] = entry;
    }
    const content: CacheFile = { format: CACHE_FORMAT, version: this.version, entries };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(content));
      fs.renameSync(temporary, this.file);
      return undefined;
    } catch (error) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing more to do: the message below says the cache was not written.
      }
      return `cannot write the cache ${this.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); results were not cached`;
    }
  }
}
