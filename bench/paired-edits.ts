import * as path from 'node:path';
import { generateFile } from './corpus';
import { median } from './stats';

/**
 * Compares the editor lint of two builds of the engine in one process, edit by edit:
 *
 *   node out-bench/bench/paired-edits.js <outDir A> <outDir B> [edits]
 *
 * where each outDir is a `tsc` output of the repository (for example `npx tsc -p . --outDir
 * /tmp/out-a` in a checkout of another commit; it must sit where `typescript` resolves). Both
 * builds lint the same versions of the bench's 5,000-line file, in alternating order, so the
 * load of a shared machine falls on both alike: the median of the per-edit differences is
 * steadier than two separate runs, whose medians move by several milliseconds from one minute
 * to the next.
 */

type LintEdit = (text: string) => number;

interface EngineModules {
  rules: { allRules: unknown[] };
  config: { ConfigResolver: new (options: { registry: unknown }) => { forFile(filePath: string): { enabledRules: unknown } } };
  lintFile: { lintContent: (filePath: string, text: string, byteLength: number, config: unknown, options: object) => unknown };
  linter: { setIncrementalParsing: (documents: number) => void };
  registry: { RuleRegistry: new (rules: unknown[]) => { ids: ReadonlySet<string> } };
}

function loadBuild(outDir: string, label: string): LintEdit {
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
  return (text) => {
    const started = performance.now();
    engine.lintFile.lintContent(filePath, text, text.length, config, { knownRuleIds: registry.ids, incremental: true });
    return performance.now() - started;
  };
}

function main(argv: readonly string[]): void {
  const [outDirA, outDirB, editsArgument] = argv;
  if (!outDirA || !outDirB) {
    console.error('usage: node out-bench/bench/paired-edits.js <outDir A> <outDir B> [edits]');
    process.exitCode = 2;
    return;
  }
  const edits = Number(editsArgument ?? 400);
  const warmUpEdits = 60;
  const lintA = loadBuild(outDirA, 'a');
  const lintB = loadBuild(outDirB, 'b');
  let text = generateFile(5000, 5000, true);
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let edit = 0; edit <= warmUpEdits + edits; edit++) {
    if (edit > 0) {
      // A space at the end of a line spread over the file, as bench/editor.ts types.
      const newline = text.indexOf('\n', Math.floor((text.length * ((edit * 7919) % 1000)) / 1000));
      text = `${text.slice(0, newline)} ${text.slice(newline)}`;
    }
    let a: number;
    let b: number;
    if (edit % 2 === 0) {
      a = lintA(text);
      b = lintB(text);
    } else {
      b = lintB(text);
      a = lintA(text);
    }
    if (edit > warmUpEdits) {
      timesA.push(a);
      timesB.push(b);
    }
  }
  const differences = timesB.map((b, i) => b - timesA[i]);
  console.log(`${edits} edits of the 5,000-line file, after ${warmUpEdits} not counted`);
  console.log(`A ${outDirA}: median ${median(timesA).toFixed(2)} ms per edit`);
  console.log(`B ${outDirB}: median ${median(timesB).toFixed(2)} ms per edit`);
  console.log(`B - A, median of the per-edit differences: ${median(differences).toFixed(2)} ms`);
}

main(process.argv.slice(2));
