import * as path from 'node:path';
import { generateFile } from './corpus';
import { median, percentile } from './stats';

/**
 * Compares the editor lint of two builds of the engine in one process, edit by edit:
 *
 *   node out-bench/bench/paired-edits.js <outDir A> <outDir B> [edits] [--pause-every <n>]
 *
 * where each outDir is a `tsc` output of the repository (for example `npx tsc -p . --outDir
 * /tmp/out-a` in a checkout of another commit; it must sit where `typescript` resolves). Both
 * builds lint the same versions of the bench's 5,000-line file, in alternating order, so the
 * load of a shared machine falls on both alike: the median of the per-edit differences is
 * steadier than two separate runs, whose medians move by several milliseconds from one minute
 * to the next.
 *
 * With `--pause-every n`, the user pauses after every n edits: each build does what the language
 * server does once a document has had no edit for a while (`refreshTree`), outside the timing, and
 * the first edit after each pause is reported on its own.
 */

interface Build {
  /** Lints the next version of the document; milliseconds. */
  lint(text: string): number;
  /** The language server's work when the user pauses. */
  pause(text: string): void;
}

interface EngineModules {
  rules: { allRules: unknown[] };
  config: { ConfigResolver: new (options: { registry: unknown }) => { forFile(filePath: string): { enabledRules: unknown } } };
  lintFile: { lintContent: (filePath: string, text: string, byteLength: number, config: unknown, options: object) => unknown };
  linter: { setIncrementalParsing: (documents: number) => void; refreshTree: (filePath: string, text: string) => boolean };
  registry: { RuleRegistry: new (rules: unknown[]) => { ids: ReadonlySet<string> } };
}

function loadBuild(outDir: string, label: string): Build {
  const load = (module: string) => require(path.resolve(outDir, module)) as unknown;
  const engine: EngineModules = {
    rules: load('rules') as EngineModules['rules'],
    config: load('server/engine/config') as EngineModules['config'],
    lintFile: load('server/engine/lint-file') as EngineModules['lintFile'],
    linter: load('server/engine/linter') as EngineModules['linter'],
    registry: load('server/engine/registry') as EngineModules['registry'],
  };
  const registry = new engine.registry.RuleRegistry(engine.rules.allRules);
  const resolver = new engine.config.ConfigResolver({ registry });
  engine.linter.setIncrementalParsing(16);
  const filePath = `/leaklint-paired-edits/${label}.ts`;
  const config = resolver.forFile(filePath);
  return {
    lint: (text) => {
      const started = performance.now();
      engine.lintFile.lintContent(filePath, text, text.length, config, { knownRuleIds: registry.ids, incremental: true });
      return performance.now() - started;
    },
    pause: (text) => void engine.linter.refreshTree(filePath, text),
  };
}

function summary(label: string, times: readonly number[]): string {
  return `${label}: median ${median(times).toFixed(2)}, p95 ${percentile(times, 95).toFixed(2)}, p99 ${percentile(times, 99).toFixed(2)} ms per edit`;
}

function main(argv: readonly string[]): void {
  const pauseAt = argv.indexOf('--pause-every');
  const pauseEvery = pauseAt >= 0 ? Number(argv[pauseAt + 1]) : 0;
  const [outDirA, outDirB, editsArgument] = argv.filter((_, i) => pauseAt < 0 || (i !== pauseAt && i !== pauseAt + 1));
  if (!outDirA || !outDirB || !(pauseEvery >= 0)) {
    console.error('usage: node out-bench/bench/paired-edits.js <outDir A> <outDir B> [edits] [--pause-every <n>]');
    process.exitCode = 2;
    return;
  }
  const edits = Number(editsArgument ?? 400);
  const warmUpEdits = 60;
  const buildA = loadBuild(outDirA, 'a');
  const buildB = loadBuild(outDirB, 'b');
  let text = generateFile(5000, 5000, true);
  const timesA: number[] = [];
  const timesB: number[] = [];
  /** Indexes into the times of the first edits after a pause. */
  const afterPause: number[] = [];
  let paused = false;
  for (let edit = 0; edit <= warmUpEdits + edits; edit++) {
    if (edit > 0) {
      // A space at the end of a line spread over the file, as bench/editor.ts types.
      const newline = text.indexOf('\n', Math.floor((text.length * ((edit * 7919) % 1000)) / 1000));
      text = `${text.slice(0, newline)} ${text.slice(newline)}`;
    }
    let a: number;
    let b: number;
    if (edit % 2 === 0) {
      a = buildA.lint(text);
      b = buildB.lint(text);
    } else {
      b = buildB.lint(text);
      a = buildA.lint(text);
    }
    if (edit > warmUpEdits) {
      if (paused) afterPause.push(timesA.length);
      timesA.push(a);
      timesB.push(b);
      paused = pauseEvery > 0 && timesA.length % pauseEvery === 0;
      if (paused) {
        buildA.pause(text);
        buildB.pause(text);
      }
    }
  }
  const differences = timesB.map((b, i) => b - timesA[i]);
  console.log(`${edits} edits of the 5,000-line file, after ${warmUpEdits} not counted${pauseEvery > 0 ? `, a pause after every ${pauseEvery}` : ''}`);
  console.log(summary(`A ${outDirA}`, timesA));
  console.log(summary(`B ${outDirB}`, timesB));
  console.log(`B - A, median of the per-edit differences: ${median(differences).toFixed(2)} ms`);
  if (afterPause.length > 0) {
    const first = (times: readonly number[]) => median(afterPause.map((i) => times[i])).toFixed(2);
    console.log(`first edit after each of ${afterPause.length} pauses, median: A ${first(timesA)} ms, B ${first(timesB)} ms`);
  }
}

main(process.argv.slice(2));
