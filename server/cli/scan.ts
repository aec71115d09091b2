import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigResolver, EffectiveConfig } from '../engine/config';
import { isInside, type DiscoveredFile } from '../engine/files';
import type { FileResult } from '../engine/lint-file';
import { skippedResult, tooLargeReason } from '../engine/skipped';
import type { CliOptions } from './args';
import { hashContent, type LintCache } from './cache';
import type { SizedTask } from './pool';
import type { ReportedFile } from './report';
import { isInShard } from './shard';

/**
 * Kept for a file with nothing to report instead of its result. Results arrive between the
 * garbage of linting (trees, texts); a small object kept from each file would pin a page of that
 * garbage in the old generation, and the heap would grow with the number of files.
 */
const CLEAN = Symbol('clean');

function isClean(result: FileResult): boolean {
  return result.findings.length === 0 && result.suppressed.length === 0 && result.syntaxErrorCount === 0 &&
    result.fixCount === 0 && result.skipped === undefined;
}

/** One file the run reports on, in report order. */
interface PlannedFile {
  absolutePath: string;
  reportedPath: string;
  config: EffectiveConfig;
  /** Set when the cache is on and the file was read. */
  contentHash?: string;
}

function reportedPathOf(file: DiscoveredFile, cwd: string): string {
  const base = isInside(file.absolutePath, cwd) ? cwd : path.dirname(file.root);
  return path.relative(base, file.absolutePath).split(path.sep).join('/') || path.basename(file.absolutePath);
}

/**
 * The files of one run and their results. Planning decides which files are reported (config
 * `ignore`, `--shard`) and which results the cache already has; the rest become tasks, linted on
 * this thread or on workers, each result handed to `accept` as it comes. Only results are kept
 * (source texts and trees die with each file), so memory follows the largest file, not the count.
 */
export class Scan {
  readonly tasks: SizedTask[] = [];
  /** Files whose result came from the cache. */
  cachedCount = 0;
  private readonly files: PlannedFile[] = [];
  /** CLEAN for a file with nothing to report, which is most of them (see accept). */
  private readonly results: Array<FileResult | typeof CLEAN | undefined> = [];

  /** Throws ConfigError when a file's configuration is broken. */
  constructor(
    discovered: readonly DiscoveredFile[],
    resolver: ConfigResolver,
    private readonly options: CliOptions,
    private readonly cwd: string,
    private readonly cache: LintCache | undefined,
  ) {
    for (const file of discovered) {
      if (file.absolutePath !== file.root && resolver.isIgnored(file.absolutePath)) continue;
      const reportedPath = reportedPathOf(file, cwd);
      if (options.shard && !isInShard(reportedPath, options.shard)) continue;
      this.files.push({ absolutePath: file.absolutePath, reportedPath, config: resolver.forFile(file.absolutePath) });
    }
    this.files.forEach((file, index) => this.plan(file, index));
  }

  private plan(file: PlannedFile, index: number): void {
    let size = 0;
    let tooLarge = false;
    try {
      const stat = fs.statSync(file.absolutePath);
      size = stat.size;
      tooLarge = stat.isFile() && size > file.config.maxFileSize;
      // Only a regular file within maxFileSize is read and hashed. Anything else is told from its
      // stat (a too large file just below, a folder or a device by lintFile): no cache entry is worth it.
      if (this.cache && stat.isFile() && !tooLarge) {
        const content = fs.readFileSync(file.absolutePath);
        file.contentHash = hashContent(content);
        const cached = this.cache.lookup(this.cacheKeyOf(file), file.contentHash, file.config.key, file.absolutePath);
        // A cached result with fixes is no use to --fix: the fixes must be applied to the file.
        if (cached && !(this.options.fix && cached.findings.some((finding) => finding.fix))) {
          this.cachedCount++;
          this.accept(index, cached);
          return;
        }
      }
    } catch {
      // lintFile reports why the file cannot be read.
    }
    // Too large to lint: said here, without handing it to a thread that would load the engine.
    if (tooLarge) {
      this.accept(index, skippedResult(file.absolutePath, tooLargeReason(size, file.config.maxFileSize)));
      return;
    }
    this.tasks.push({ index, absolutePath: file.absolutePath, size });
  }

  /** The path relative to the folder the run started in: computed when used, as most runs have no cache. */
  private cacheKeyOf(file: PlannedFile): string {
    return path.relative(this.cwd, file.absolutePath).split(path.sep).join('/');
  }

  get fileCount(): number {
    return this.files.length;
  }

  configOf(index: number): EffectiveConfig {
    return this.files[index].config;
  }

  /** Takes one file's result: writes its fixes, caches it, keeps what the report needs. */
  accept = (index: number, result: FileResult): void => {
    const file = this.files[index];
    if (result.fixedText !== undefined) fs.writeFileSync(file.absolutePath, result.fixedText);
    // A skipped file is cached too: whether a file read in full is skipped (minified, not UTF-8,
    // nested too deeply) depends only on its content and the config, and deciding it again means
    // loading the engine, most of a warm run's time.
    if (this.cache && file.contentHash !== undefined) {
      const linted = result.fixedText !== undefined ? hashContent(result.fixedText) : file.contentHash;
      this.cache.store(this.cacheKeyOf(file), linted, file.config.key, result);
    }
    if (isClean(result)) {
      this.results[index] = CLEAN;
      return;
    }
    const { fixedText: _written, ...kept } = result;
    if (this.options.quiet) kept.findings = kept.findings.filter((finding) => finding.severity === 'error');
    this.results[index] = kept;
  };

  /** The results in report order; every file must have been accepted. */
  reported(): ReportedFile[] {
    return this.files.map((file, index) => {
      const kept = this.results[index];
      if (!kept) throw new Error(`no result for ${file.reportedPath}`);
      const result = kept === CLEAN ? { filePath: file.absolutePath, findings: [], suppressed: [], syntaxErrorCount: 0, fixCount: 0 } : kept;
      return { path: file.reportedPath, result };
    });
  }

  /** Saves the cache, if on; returns a warning when it could not be written. */
  saveCache(): string | undefined {
    return this.cache?.save(this.cwd);
  }
}
