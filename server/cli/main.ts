import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../engine/config';
import { discoverFiles, type Discovery } from '../engine/files';
import type { FileResult } from '../engine/lint-file';
import { printable } from '../engine/printable';
import type { RuleRegistry } from '../engine/registry';
import { VERSION } from '../version';
import { HELP, UsageError } from './args';
import { DEFAULT_CACHE_LOCATION, LintCache } from './cache';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStylish } from './formats/stylish';
import { WorkerPool } from './pool';
import { Scan } from './scan';
import type { LintTask } from './worker-protocol';
import { createResolver, isEngineLoaded, loadLintFile, parseCommandLine, type CommandLine } from './setup';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * Without --jobs, a worker thread is started only for each this many bytes to lint. A worker
 * loads the bundle and warms the JIT up again (TypeScript's parser and the rules get compiled in
 * every thread: seconds of CPU), and on a machine with few cores it competes with V8's own
 * compiler and GC threads. Measured on 2 cores, a second thread made a 2 MB scan 8 to 29% slower
 * and broke even on 32 MB.
 */
const BYTES_PER_WORKER = 8 * 1024 * 1024;

function listRules(registry: RuleRegistry): string {
  const width = Math.max(...registry.rules.map((rule) => rule.meta.id.length));
  return registry.rules
    .map((rule) => `${rule.meta.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${rule.meta.fixable ? 'fix ' : '    '} ${rule.meta.description}`)
    .join('\n') + '\n';
}

interface PreparedRun {
  commandLine: CommandLine;
  discovery: Discovery;
  scan: Scan;
  started: number;
}

/**
 * Everything before linting; a number is the exit status of a run that ends here. `onCommandLine`
 * sees the parsed command line before the files are looked for.
 */
function prepare(argv: readonly string[], io: CliIo, onCommandLine?: (commandLine: CommandLine) => void): PreparedRun | number {
  const started = Date.now();
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`leaklint: ${error.message}\nRun 'leaklint --help' for usage.\n`);
    return EXIT_USAGE;
  }
  const { options, registry } = commandLine;
  if (options.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout(listRules(registry));
    return EXIT_OK;
  }
  if (options.config && !fs.existsSync(path.resolve(io.cwd, options.config))) {
    io.stderr(`leaklint: config file not found: ${options.config}\n`);
    return EXIT_USAGE;
  }

  onCommandLine?.(commandLine);
  const resolver = createResolver(commandLine, io.cwd);
  const discovery = discoverFiles(options.paths, {
    cwd: io.cwd,
    ignorePatterns: options.ignorePatterns,
    followSymlinks: options.followSymlinks,
  });
  if (discovery.missing.length > 0) {
    io.stderr(`leaklint: no such file or folder: ${discovery.missing.join(', ')}\n`);
    return EXIT_USAGE;
  }
  for (const warning of discovery.warnings) io.stderr(`leaklint: ${warning}\n`);

  const cache = options.cache
    ? LintCache.open(path.resolve(io.cwd, options.cacheLocation ?? DEFAULT_CACHE_LOCATION), VERSION)
    : undefined;
  try {
    return { commandLine, discovery, scan: new Scan(discovery.files, resolver, options, io.cwd, cache), started };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`leaklint: configuration error in ${printable(path.relative(io.cwd, error.file) || error.file)}:\n${error.problems.map((problem) => `  - ${printable(problem)}`).join('\n')}\n`);
    return EXIT_USAGE;
  }
}

function linterOnThisThread({ commandLine, scan }: PreparedRun): (task: LintTask) => FileResult {
  const knownRuleIds = commandLine.registry.ids;
  const lintFile = loadLintFile();
  return (task) => lintFile(task.absolutePath, scan.configOf(task.index), { fix: commandLine.options.fix, knownRuleIds });
}

function lintOnThisThread(run: PreparedRun): void {
  if (run.scan.tasks.length === 0) return;
  const lint = linterOnThisThread(run);
  for (const task of run.scan.tasks) run.scan.accept(task.index, lint(task));
}

/** How many threads to lint on, this one included. */
function threadCount({ commandLine: { options }, scan }: PreparedRun): number {
  const jobs = options.jobs ?? os.availableParallelism();
  let count = Math.min(jobs, scan.tasks.length);
  if (options.jobs === undefined) {
    // Each thread past the first must have enough to lint to repay its start-up.
    const bytes = scan.tasks.reduce((sum, task) => sum + task.size, 0);
    count = Math.min(count, 1 + Math.floor(bytes / BYTES_PER_WORKER));
  }
  return Math.max(1, count);
}

function report(run: PreparedRun, io: CliIo): number {
  const { commandLine: { options, registry }, discovery, scan, started } = run;
  const cacheWarning = scan.saveCache();
  if (cacheWarning) io.stderr(`leaklint: ${printable(cacheWarning)}\n`);
  const reported = scan.reported();
  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson(reported);
      break;
    case 'sarif':
      output = formatSarif(reported, { registry, notifications: discovery.warnings });
      break;
    default:
      output = formatStylish(reported, {
        color: options.color ?? (io.isTTY && !process.env.NO_COLOR && !options.outputFile),
        fileCount: reported.length,
        elapsedMs: Date.now() - started,
      });
  }
  if (options.outputFile) fs.writeFileSync(path.resolve(io.cwd, options.outputFile), output);
  else io.stdout(output);

  let errors = 0;
  let warnings = 0;
  for (const file of reported) {
    for (const finding of file.result.findings) {
      if (finding.severity === 'error') errors++;
      else if (finding.severity === 'warning') warnings++;
    }
  }
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`leaklint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** With LEAKLINT_DEBUG set, says where results came from (tests check the cache and the pool with it). */
function debugSummary({ scan }: PreparedRun, threads: number, io: CliIo): void {
  if (!process.env.LEAKLINT_DEBUG) return;
  const where = threads === 1 ? 'on the main thread' : `on ${threads} threads (the main thread and ${threads - 1} worker${threads > 2 ? 's' : ''})`;
  const engine = isEngineLoaded() ? '' : '; the engine was not loaded';
  io.stderr(`leaklint: debug: ${scan.fileCount} files, ${scan.cachedCount} from the cache, ${scan.tasks.length} linted ${where}${engine}\n`);
}

/** The command line, on the calling thread only (`--jobs` is not used): for running in-process. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const run = prepare(argv, io);
  if (typeof run === 'number') return run;
  lintOnThisThread(run);
  debugSummary(run, 1, io);
  return report(run, io);
}

/** The command line as the `leaklint` binary runs it: on worker threads too when `--jobs` and the scan call for them. */
export async function runCliParallel(argv: readonly string[], io: CliIo): Promise<number> {
  let pool: WorkerPool | undefined;
  const setup = { argv, cwd: io.cwd };
  try {
    // With --jobs, workers start loading while this thread walks the folders.
    const run = prepare(argv, io, ({ options }) => {
      if (options.jobs !== undefined && options.jobs > 1) pool = new WorkerPool(options.jobs - 1, setup);
    });
    if (typeof run === 'number') return run;
    const threads = threadCount(run);
    if (threads > 1) {
      pool ??= new WorkerPool(threads - 1, setup);
      pool.shrink(threads - 1);
      await pool.run(run.scan.tasks, linterOnThisThread(run), run.scan.accept);
    } else {
      lintOnThisThread(run);
    }
    debugSummary(run, threads, io);
    return report(run, io);
  } finally {
    await pool?.close();
  }
}
