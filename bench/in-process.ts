import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { allRules } from '../rules';
import { ConfigResolver } from '../server/engine/config';
import { discoverFiles } from '../server/engine/files';
import { DEFAULT_MAX_FILE_SIZE } from '../server/engine/config-schema';
import { lintContent, reasonToSkip } from '../server/engine/lint-file';
import { lintSourceFile, type EnabledRule } from '../server/engine/linter';
import { RuleRegistry } from '../server/engine/registry';
import type { Rule } from '../server/engine/rule';
import { parseSource, scriptKindFor } from '../server/engine/source';
import { cpuSeconds, median } from './stats';

export interface ScanFigures {
  files: number;
  bytes: number;
  /** Files the engine skips (too large, minified, not UTF-8): left out of both timings. */
  skipped: number;
  rounds: number;
  /** Medians over the measured rounds of the summed per-file times. */
  bareSeconds: number;
  scanSeconds: number;
  /** Median over rounds of scan / bare, by wall clock and by CPU time. */
  ratio: number;
  cpuRatio: number;
  /**
   * The same scan against two other parses, for reference: `ts.createSourceFile` with its
   * defaults (no parent pointers, JSDoc parsed), and the engine's own parse (`parseSource`: no
   * parent pointers, no JSDoc), whose cost the scan includes.
   */
  defaultParseSeconds: number;
  engineParseSeconds: number;
  ratioToDefaultParse: number;
  ratioToEngineParse: number;
  filesPerSecond: number;
  megabytesPerSecond: number;
}

interface CorpusFile {
  filePath: string;
  bytes: number;
}

/** Measuring time, after the warm-up round, that the scan of a corpus gets at the least. */
const SCAN_MIN_SECONDS = 15;

/**
 * The engine against the bare parser on the same files, in this process, in the same run. Per
 * file, all run back to back on the same text (read beforehand, outside the timings) in rotating
 * order, so load from other processes and JIT warm-up fall on all alike:
 *   bare = ts.createSourceFile(name, text, Latest, true, kind)   (a tree with parent pointers, as a linter needs;
 *                                                                 the baseline of the target since the bench was written)
 *   default = ts.createSourceFile(name, text, Latest)            (for reference: no parent pointers)
 *   engine = parseSource(name, text)                             (for reference: the engine's own parse, included in scan)
 *   scan = lintContent(...) with every rule on at its defaults    (parse, one walk, facts, rules, suppressions)
 * A first round warms the JIT and finds the files the engine skips; it is not counted. Then at
 * least `minRounds` rounds, and more until `minSeconds` have passed: a small corpus takes about a
 * second a round, and the median of three such rounds moved by more than the target's margin.
 */
export function measureScanAgainstParse(root: string, minRounds: number, minSeconds = SCAN_MIN_SECONDS): ScanFigures {
  const registry = new RuleRegistry(allRules);
  const resolver = new ConfigResolver({ registry });
  const knownRuleIds = registry.ids;
  const discovered = discoverFiles([root], { cwd: path.dirname(root) }).files.map((file) => file.absolutePath);
  const read = (filePath: string) => {
    const buffer = fs.readFileSync(filePath);
    return { text: buffer.toString('utf8'), bytes: buffer.length };
  };

  const corpus: CorpusFile[] = [];
  let skipped = 0;
  for (const filePath of discovered) {
    const { text, bytes } = read(filePath);
    const result = lintContent(filePath, text, bytes, resolver.forFile(filePath), { knownRuleIds });
    ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindFor(filePath));
    if (result.skipped) skipped++;
    else corpus.push({ filePath, bytes });
  }

  const bareTimes: number[] = [];
  const scanTimes: number[] = [];
  const defaultTimes: number[] = [];
  const engineTimes: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const defaultRatios: number[] = [];
  const engineRatios: number[] = [];
  const measuringStarted = performance.now();
  for (let round = 0; round < minRounds || (performance.now() - measuringStarted) / 1000 < minSeconds; round++) {
    // Wall and CPU milliseconds of: bare, default, engine, scan.
    const wall = [0, 0, 0, 0];
    const cpu = [0, 0, 0, 0];
    corpus.forEach(({ filePath }, index) => {
      const { text, bytes } = read(filePath);
      const config = resolver.forFile(filePath);
      const kind = scriptKindFor(filePath);
      const runs = [
        () => ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, kind),
        () => ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest),
        () => parseSource(filePath, text),
        () => lintContent(filePath, text, bytes, config, { knownRuleIds }),
      ];
      for (let step = 0; step < runs.length; step++) {
        const which = (index + round + step) % runs.length;
        const cpuBefore = cpuSeconds();
        const wallBefore = performance.now();
        runs[which]();
        wall[which] += performance.now() - wallBefore;
        cpu[which] += cpuSeconds() - cpuBefore;
      }
    });
    const [bare, defaultParse, engineParse, scan] = wall;
    bareTimes.push(bare / 1000);
    defaultTimes.push(defaultParse / 1000);
    engineTimes.push(engineParse / 1000);
    scanTimes.push(scan / 1000);
    ratios.push(scan / bare);
    cpuRatios.push(cpu[3] / cpu[0]);
    defaultRatios.push(scan / defaultParse);
    engineRatios.push(scan / engineParse);
  }
  const bytes = corpus.reduce((sum, file) => sum + file.bytes, 0);
  const scanSeconds = median(scanTimes);
  return {
    files: corpus.length,
    bytes,
    skipped,
    rounds: ratios.length,
    bareSeconds: median(bareTimes),
    scanSeconds,
    ratio: median(ratios),
    cpuRatio: median(cpuRatios),
    defaultParseSeconds: median(defaultTimes),
    engineParseSeconds: median(engineTimes),
    ratioToDefaultParse: median(defaultRatios),
    ratioToEngineParse: median(engineRatios),
    filesPerSecond: corpus.length / scanSeconds,
    megabytesPerSecond: bytes / 1024 / 1024 / scanSeconds,
  };
}

export interface RuleCost {
  /** A rule id, or `(engine: walk, suppressions)` / `(shared facts)` for the engine's own parts. */
  what: string;
  seconds: number;
  /** Share of the bare parse time of the same files. */
  ofParse: number;
}

/**
 * What each rule adds on its own: per file, one parse, then the engine over that tree with no
 * rule, with only a facts reader, and with each rule alone (with the facts when it uses them),
 * in rotating order; a rule's cost is its time minus the time without it. Medians over rounds.
 */
export function measureRuleCosts(root: string, rounds: number): RuleCost[] {
  const registry = new RuleRegistry(allRules);
  const knownRuleIds = registry.ids;
  const files = discoverFiles([root], { cwd: path.dirname(root) }).files.map((file) => file.absolutePath)
    .filter((filePath) => {
      const { size } = fs.statSync(filePath);
      return size <= DEFAULT_MAX_FILE_SIZE && !reasonToSkip(fs.readFileSync(filePath, 'utf8'), size, DEFAULT_MAX_FILE_SIZE);
    });
  const factsReader: Rule = {
    meta: { ...allRules[0].meta, id: 'facts-reader', usesFacts: true },
    create: (context) => ({ fileEnd: () => void context.facts.moduleBindings }),
  };
  const enabled = (rule: Rule): EnabledRule => ({ rule, severity: rule.meta.defaultSeverity, options: rule.meta.defaultOptions });
  const variants: Array<{ what: string; rules: EnabledRule[] }> = [
    { what: 'none', rules: [] },
    { what: 'facts', rules: [enabled(factsReader)] },
    ...allRules.map((rule) => ({ what: rule.meta.id, rules: [enabled(rule)] })),
  ];
  const totals = variants.map(() => [] as number[]);
  const parseTotals: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const times = variants.map(() => 0);
    let parse = 0;
    files.forEach((filePath, index) => {
      const text = fs.readFileSync(filePath, 'utf8');
      const started = performance.now();
      const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindFor(filePath));
      parse += performance.now() - started;
      for (let step = 0; step < variants.length; step++) {
        const which = (index + round + step) % variants.length;
        const before = performance.now();
        lintSourceFile(sourceFile, filePath, variants[which].rules, { knownRuleIds });
        times[which] += performance.now() - before;
      }
    });
    // Round 0 warms the JIT up and is not counted.
    if (round === 0) continue;
    parseTotals.push(parse / 1000);
    times.forEach((time, which) => totals[which].push(time / 1000));
  }
  const parseSeconds = median(parseTotals);
  const none = median(totals[0]);
  const facts = median(totals[1]) - none;
  const costs: RuleCost[] = [
    { what: '(engine: walk, suppressions)', seconds: none, ofParse: none / parseSeconds },
    { what: '(shared facts)', seconds: facts, ofParse: facts / parseSeconds },
  ];
  variants.slice(2).forEach((variant, i) => {
    const rule = allRules[i];
    const seconds = median(totals[i + 2]) - none - (rule.meta.usesFacts ? facts : 0);
    costs.push({ what: variant.what, seconds, ofParse: seconds / parseSeconds });
  });
  return costs;
}
