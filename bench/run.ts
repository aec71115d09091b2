import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../rules';
import { VERSION } from '../server/version';
import { measureCache, measureJobs, measureMemory, type CacheFigures, type CliContext, type JobsFigures, type MemoryFigures } from './cli-runs';
import { DEFAULT_CORPUS, writeCorpus, type CorpusSpec } from './corpus';
import { measureEditor, type EditorFigures } from './editor';
import { measureRuleCosts, measureScanAgainstParse, type RuleCost, type ScanFigures } from './in-process';
import { mirrorLintableFiles, replicate } from './mirror';
import { megabytes, round } from './stats';

/**
 * `npm run bench`: LeakLint's speed and memory, each figure a ratio against a baseline measured
 * in the same run or a median over repetitions (the machines are shared and noisy). Prints a
 * table and writes bench/results.json. Options:
 *   --quick            a smaller corpus and one repetition: checks the harness, not the figures
 *   --rounds <n>       in-process rounds per corpus after the warm-up round (default 3; the scan
 *                      section goes on until it has measured for 15 s, except with --quick)
 *   --repeats <n>      CLI runs per figure (default 3)
 *   --only <a,b>       sections: scan, cli, cache, memory, editor (default: all of these), and
 *                      rules (each rule's own cost; only when asked for)
 *   --corpora <a,b>    generated-1k, generated-10k, node_modules (default all)
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CORPORA = ['generated-1k', 'generated-10k', 'node_modules'] as const;
type CorpusName = (typeof CORPORA)[number];
const SECTIONS = ['scan', 'cli', 'cache', 'memory', 'editor'] as const;

interface Options {
  quick: boolean;
  rounds: number;
  repeats: number;
  sections: Set<string>;
  corpora: CorpusName[];
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, rounds: 3, repeats: 3, sections: new Set(SECTIONS), corpora: [...CORPORA] };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${argv[i - 1]} expects a value`);
      return next;
    };
    switch (argv[i]) {
      case '--quick':
        options.quick = true;
        options.rounds = 1;
        options.repeats = 1;
        break;
      case '--rounds':
        options.rounds = Math.max(1, Number(value()));
        break;
      case '--repeats':
        options.repeats = Math.max(1, Number(value()));
        break;
      case '--only':
        options.sections = new Set(value().split(','));
        break;
      case '--corpora':
        options.corpora = value().split(',').filter((name): name is CorpusName => (CORPORA as readonly string[]).includes(name));
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

interface Target {
  what: string;
  value: number;
  limit: number;
  /** 'max': value must be at most the limit; 'below': strictly under it. */
  kind: 'max' | 'below';
  met: boolean;
}

interface Results {
  date: string;
  command: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  leaklint: { version: string; rules: string[] };
  corpora: Partial<Record<CorpusName, { root: string; description: string }>>;
  scan: Partial<Record<CorpusName, ScanFigures>>;
  cli: Partial<Record<CorpusName, JobsFigures>>;
  cache: Partial<Record<CorpusName, CacheFigures>>;
  memory: Partial<Record<CorpusName, MemoryFigures[]>>;
  ruleCosts: Partial<Record<CorpusName, RuleCost[]>>;
  editor?: EditorFigures;
  targets: Target[];
  seconds: number;
}

function prepareCorpora(scratch: string, options: Options): Record<CorpusName, { root: string; description: string }> {
  const spec: CorpusSpec = options.quick ? { seed: DEFAULT_CORPUS.seed, filesPerSize: { 1000: 8, 10000: 1 } } : DEFAULT_CORPUS;
  writeCorpus(path.join(scratch, 'generated'), spec);
  const mirrored = mirrorLintableFiles(path.join(REPO_ROOT, 'node_modules'), path.join(scratch, 'node_modules'));
  return {
    'generated-1k': {
      root: path.join(scratch, 'generated', '1000-lines'),
      description: `${spec.filesPerSize[1000]} generated files of 1,000 lines (seed ${spec.seed})`,
    },
    'generated-10k': {
      root: path.join(scratch, 'generated', '10000-lines'),
      description: `${spec.filesPerSize[10000]} generated files of 10,000 lines (seed ${spec.seed})`,
    },
    node_modules: {
      root: path.join(scratch, 'node_modules'),
      description: `every .js/.ts (not .d.ts) file in the project's node_modules, nested ones and dist/ folders included: ${mirrored.length} files`,
    },
  };
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function printTable(results: Results): void {
  const out: string[] = [];
  const { machine } = results;
  out.push(`LeakLint ${results.leaklint.version} benchmark, ${results.date}`);
  out.push(`${machine.model}, ${machine.cpus} CPUs, ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform}); load average ${machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} at start`);
  out.push(`${results.leaklint.rules.length} rules: ${results.leaklint.rules.join(', ')}`);
  out.push('');
  const scanRows = Object.entries(results.scan);
  if (scanRows.length > 0) {
    out.push('In-process scan against bare ts.createSourceFile (same files, same process; medians)');
    out.push(`${'corpus'.padEnd(14)}${pad('files', 7)}${pad('MB', 7)}${pad('skipped', 9)}${pad('bare s', 9)}${pad('scan s', 9)}${pad('scan/bare', 11)}${pad('(CPU)', 7)}${pad('files/s', 9)}${pad('MB/s', 7)}`);
    for (const [name, scan] of scanRows) {
      out.push(`${name.padEnd(14)}${pad(scan.files, 7)}${pad(fixed(megabytes(scan.bytes), 1), 7)}${pad(scan.skipped, 9)}${pad(fixed(scan.bareSeconds, 2), 9)}${pad(fixed(scan.scanSeconds, 2), 9)}${pad(fixed(scan.ratio, 2), 11)}${pad(fixed(scan.cpuRatio, 2), 7)}${pad(Math.round(scan.filesPerSecond), 9)}${pad(fixed(scan.megabytesPerSecond, 2), 7)}`);
    }
    out.push('  bare: ts.createSourceFile(name, text, Latest, true, kind), a tree with parent pointers (the baseline of the target)');
    out.push('The same scan against other parses, for reference: ts.createSourceFile\'s defaults (no parent pointers, JSDoc');
    out.push('parsed), and the engine\'s own parse (no parent pointers, no JSDoc; the lint walk sets the parents)');
    out.push(`${'corpus'.padEnd(14)}${pad('default s', 11)}${pad('scan/default', 14)}${pad('engine s', 10)}${pad('scan/engine', 13)}`);
    for (const [name, scan] of scanRows) {
      out.push(`${name.padEnd(14)}${pad(fixed(scan.defaultParseSeconds, 2), 11)}${pad(fixed(scan.ratioToDefaultParse, 2), 14)}${pad(fixed(scan.engineParseSeconds, 2), 10)}${pad(fixed(scan.ratioToEngineParse, 2), 13)}`);
    }
    out.push('');
  }
  const cliRows = Object.entries(results.cli);
  if (cliRows.length > 0) {
    out.push('CLI wall time (node dist/cli.js <corpus> --format json -o file; medians)');
    out.push(`${'corpus'.padEnd(14)}${pad('--jobs 1 s', 12)}${pad('--jobs 2 s', 12)}${pad('2 / 1', 8)}${pad('RSS j1 MB', 11)}${pad('RSS j2 MB', 11)}${pad('j1 cores', 10)}${pad('halves s', 10)}${pad('halves / 1', 12)}`);
    for (const [name, cli] of cliRows) {
      out.push(`${name.padEnd(14)}${pad(fixed(cli.jobs1Seconds, 2), 12)}${pad(fixed(cli.jobs2Seconds, 2), 12)}${pad(fixed(cli.ratio, 2), 8)}${pad(fixed(cli.jobs1PeakRssMb, 0), 11)}${pad(fixed(cli.jobs2PeakRssMb, 0), 11)}${pad(fixed(cli.jobs1CoresBusy, 2), 10)}${pad(fixed(cli.halvesSeconds, 2), 10)}${pad(fixed(cli.halvesRatio, 2), 12)}`);
    }
    out.push('  j1 cores: CPU seconds per wall second of --jobs 1 (V8 compiles and collects garbage on threads of its own)');
    out.push('  halves: two processes at once, each --jobs 1 --shard k/2, until both end: what a split over two threads could reach here');
    out.push('');
  }
  const cacheRows = Object.entries(results.cache);
  if (cacheRows.length > 0) {
    out.push('Cache (--cache, default --jobs; cold = cache deleted first, warm = nothing changed; medians)');
    out.push(`${'corpus'.padEnd(14)}${pad('cold s', 9)}${pad('warm s', 9)}${pad('warm/cold', 11)}`);
    for (const [name, cache] of cacheRows) {
      out.push(`${name.padEnd(14)}${pad(fixed(cache.coldSeconds, 2), 9)}${pad(fixed(cache.warmSeconds, 2), 9)}${pad(fixed(cache.ratio, 3), 11)}`);
    }
    out.push('');
  }
  const memoryRows = Object.entries(results.memory);
  if (memoryRows.length > 0) {
    out.push('CLI peak RSS, corpus once and twice over');
    out.push(`${'corpus'.padEnd(14)}${pad('jobs', 6)}${pad('once MB', 10)}${pad('twice MB', 10)}${pad('twice/once', 12)}`);
    for (const [name, figures] of memoryRows) {
      for (const memory of figures) {
        out.push(`${name.padEnd(14)}${pad(memory.jobs, 6)}${pad(fixed(memory.onceMb, 0), 10)}${pad(fixed(memory.twiceMb, 0), 10)}${pad(fixed(memory.ratio, 3), 12)}`);
      }
    }
    out.push('');
  }
  const costRows = Object.entries(results.ruleCosts);
  if (costRows.length > 0) {
    out.push('Cost of each part on its own, as a share of the bare parse time (medians)');
    for (const [name, costs] of costRows) {
      out.push(`  ${name}`);
      for (const cost of costs) out.push(`    ${cost.what.padEnd(30)}${pad(fixed(cost.seconds, 2), 8)} s${pad(`${fixed(cost.ofParse * 100, 1)}%`, 9)}`);
    }
    out.push('');
  }
  const editor = results.editor;
  if (editor) {
    out.push(`Editor: dist/server.js --stdio, ${editor.lines}-line file, ${editor.edits} single-character edits, debounce 0`);
    out.push(`  didChange -> publishDiagnostics of that version: p50 ${fixed(editor.p50Ms, 1)} ms, p95 ${fixed(editor.p95Ms, 1)} ms, max ${fixed(editor.maxMs, 1)} ms (open: ${fixed(editor.openMs, 0)} ms${editor.versioned ? '' : '; diagnostics carried no version'})`);
    out.push(`  burst of ${editor.burst.edits} edits without waiting: ${editor.burst.stalePushes} pushes for stale versions, newest published ${editor.burst.newestPublished ? 'yes' : 'NO'}, newest last ${editor.burst.newestWasLast ? 'yes' : 'NO'}, settled ${fixed(editor.burst.settleMs, 0)} ms after the last edit`);
    const memory = editor.memory;
    out.push(`  server heap after edit 1 / ${editor.edits}: ${fixed(memory.heapAfterGcFirstEditMb, 1)} / ${fixed(memory.heapAfterGcLastEditMb, 1)} MB after a full GC (in use with garbage: ${fixed(memory.heapAfterFirstEditMb, 1)} / ${fixed(memory.heapAfterLastEditMb, 1)} MB); RSS ${fixed(memory.rssAfterFirstEditMb, 0)} / ${fixed(memory.rssAfterLastEditMb, 0)} MB`);
    for (const check of editor.skipped) out.push(`  ${check.what} document: ${check.diagnostics.join(', ') || 'no diagnostics'} ${check.ok ? '(one file-skipped info: ok)' : '(EXPECTED one file-skipped info)'}`);
    out.push('');
  }
  if (results.targets.length > 0) {
    out.push('Targets');
    for (const target of results.targets) {
      out.push(`  ${target.met ? 'met ' : 'MISS'}  ${target.what}: ${fixed(target.value, target.value < 10 ? 3 : 1)} (${target.kind === 'max' ? 'at most' : 'under'} ${target.limit})`);
    }
  }
  out.push(`(${results.seconds.toFixed(0)} s)`);
  console.log(out.join('\n'));
}

function checkTargets(results: Results): Target[] {
  const targets: Target[] = [];
  const add = (what: string, value: number | undefined, limit: number, kind: Target['kind'] = 'max') => {
    if (value === undefined || Number.isNaN(value)) return;
    targets.push({ what, value: round(value, 3), limit, kind, met: kind === 'max' ? value <= limit : value < limit });
  };
  for (const [name, scan] of Object.entries(results.scan)) add(`${name}: single-threaded scan / bare parse`, scan.ratio, 1.3);
  add('node_modules: --jobs 2 / --jobs 1 wall time', results.cli.node_modules?.ratio, 0.65);
  for (const [name, cache] of Object.entries(results.cache)) add(`${name}: warm cached re-scan / cold scan`, cache.ratio, 0.1);
  if (results.editor) {
    add(`editor p95 on the ${results.editor.lines}-line file, ms`, results.editor.p95Ms, 30, 'below');
    add('editor burst: pushes for stale versions', results.editor.burst.stalePushes, 0);
  }
  for (const [name, figures] of Object.entries(results.memory)) {
    for (const memory of figures) add(`${name} (--jobs ${memory.jobs}): peak RSS twice over / once`, memory.ratio, 1.1);
  }
  return targets;
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  const scratch = path.join(os.tmpdir(), 'leaklint-bench');
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const context: CliContext = {
    cli: path.join(REPO_ROOT, 'dist', 'cli.js'),
    rssHook: path.join(__dirname, 'peak-rss-hook.js'),
    scratch,
  };
  const corpora = prepareCorpora(scratch, options);
  const cpus = os.cpus();
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model.trim() ?? 'unknown CPU',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
      loadAverageAtStart: os.loadavg(),
      loadAverageAtEnd: [],
    },
    leaklint: { version: VERSION, rules: allRules.map((rule) => rule.meta.id) },
    corpora: {},
    scan: {},
    cli: {},
    cache: {},
    memory: {},
    ruleCosts: {},
    targets: [],
    seconds: 0,
  };
  const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

  for (const name of options.corpora) {
    const corpus = corpora[name];
    results.corpora[name] = corpus;
    if (options.sections.has('scan')) {
      progress(`${name}: in-process scan against bare parse`);
      results.scan[name] = measureScanAgainstParse(corpus.root, options.rounds, options.quick ? 0 : undefined);
    }
    if (options.sections.has('cli')) {
      progress(`${name}: CLI --jobs 1 / --jobs 2`);
      results.cli[name] = await measureJobs(context, corpus.root, options.repeats);
    }
    if (options.sections.has('cache')) {
      progress(`${name}: CLI --cache cold / warm`);
      results.cache[name] = measureCache(context, corpus.root, options.repeats);
    }
    if (options.sections.has('rules')) {
      progress(`${name}: each rule's own cost`);
      results.ruleCosts[name] = measureRuleCosts(corpus.root, options.rounds);
    }
    if (options.sections.has('memory')) {
      progress(`${name}: CLI peak RSS, once and twice over`);
      const once = path.join(scratch, `once-${name}`);
      const twice = path.join(scratch, `twice-${name}`);
      replicate(corpus.root, once, 1);
      replicate(corpus.root, twice, 2);
      results.memory[name] = [measureMemory(context, once, twice, 1, options.repeats), measureMemory(context, once, twice, 2, options.repeats)];
      fs.rmSync(once, { recursive: true, force: true });
      fs.rmSync(twice, { recursive: true, force: true });
    }
  }
  if (options.sections.has('editor')) {
    progress('editor latency over LSP');
    results.editor = await measureEditor(path.join(REPO_ROOT, 'dist', 'server.js'), scratch, {
      lines: 5000,
      edits: options.quick ? 20 : 200,
      heapProbe: path.join(__dirname, 'heap-probe-hook.js'),
    });
  }

  results.machine.loadAverageAtEnd = os.loadavg();
  results.targets = checkTargets(results);
  results.seconds = (performance.now() - started) / 1000;
  fs.writeFileSync(path.join(REPO_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  fs.rmSync(scratch, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
