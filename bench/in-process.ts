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
import { scriptKindFor } from '../server/engine/source';
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
  filesPerSecond: number;
  megabytesPerSecond: number;
}

interface CorpusFile {
  filePath: string;
  bytes: number;
}

/**
 * The engine against the bare parser on the same files, in this process, in the same run. Per
 * file, both run back to back on the same text (read beforehand, outside both timings) in
 * alternating order, so load from other processes and JIT warm-up fall on both alike:
 *   bare = ts.createSourceFile(name, text, Latest, true, kind)   (the call the engine parses with)
 *   scan = lintContent(...) with every rule on at its defaults    (parse, one walk, facts, rules, suppressions)
 * A first round warms the JIT and finds the files the engine skips; it is not counted.
 */
export function measureScanAgainstParse(root: string, rounds: number): ScanFigures {
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
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let bare = 0;
    let scan = 0;
    let bareCpu = 0;
    let scanCpu = 0;
    corpus.forEach(({ filePath }, index) => {
      const { text, bytes } = read(filePath);
      const config = resolver.forFile(filePath);
      const timeBare = () => {
        const cpu = cpuSeconds();
        const wall = performance.now();
        ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindFor(filePath));
        bare += performance.now() - wall;
        bareCpu += cpuSeconds() - cpu;
      };
      const timeScan = () => {
        const cpu = cpuSeconds();
        const wall = performance.now();
        lintContent(filePath, text, bytes, config, { knownRuleIds });
        scan += performance.now() - wall;
        scanCpu += cpuSeconds() - cpu;
      };
      if ((index + round) % 2 === 0) {
        timeBare();
        timeScan();
      } else {
        timeScan();
        timeBare();
      }
    });
    bareTimes.push(bare / 1000);
    scanTimes.push(scan / 1000);
    ratios.push(scan / bare);
    cpuRatios.push(scanCpu / bareCpu);
  }
  const bytes = corpus.reduce((sum, file) => sum + file.bytes, 0);
  const scanSeconds = median(scanTimes);
  return {
    files: corpus.length,
    bytes,
    skipped,
    rounds,
    bareSeconds: median(bareTimes),
    scanSeconds,
    ratio: median(ratios),
    cpuRatio: median(cpuRatios),
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
