import fc from 'fast-check';
import { mutateAll, mutationArbitrary } from './mutations';
import { programArbitrary } from './programs';
import { checkProgram } from './properties';

export interface FuzzOptions {
  seed: number;
  /** Generated programs, checked as they are. */
  programs: number;
  /** Generated programs with 1 to 4 token-level mutations. */
  mutated: number;
}

export interface FuzzSummary extends FuzzOptions {
  findings: number;
  fixesChecked: number;
  suggestionsChecked: number;
  fixedByLoop: number;
  withSyntaxErrors: number;
  findingsByRule: Record<string, number>;
  unsafeFixes: Record<string, number>;
  milliseconds: number;
}

/** Runs both properties with one seed; throws fast-check's report (seed, path, shrunk program) on a failure. */
export function runFuzz(options: FuzzOptions): FuzzSummary {
  const started = Date.now();
  const summary: FuzzSummary = {
    ...options, findings: 0, fixesChecked: 0, suggestionsChecked: 0, fixedByLoop: 0, withSyntaxErrors: 0, findingsByRule: {}, unsafeFixes: {}, milliseconds: 0,
  };
  const tally = (stats: ReturnType<typeof checkProgram>) => {
    summary.findings += stats.findings;
    summary.fixesChecked += stats.fixesChecked;
    summary.suggestionsChecked += stats.suggestionsChecked;
    summary.fixedByLoop += stats.fixedByLoop;
    if (stats.withSyntaxErrors) summary.withSyntaxErrors++;
    for (const [ruleId, count] of Object.entries(stats.findingsByRule)) summary.findingsByRule[ruleId] = (summary.findingsByRule[ruleId] ?? 0) + count;
    for (const [ruleId, count] of Object.entries(stats.unsafeFixes)) summary.unsafeFixes[ruleId] = (summary.unsafeFixes[ruleId] ?? 0) + count;
  };
  const check = (fileName: string, text: string, broad: boolean) => tally(checkProgram(fileName, text, broad));
  try {
    if (options.programs > 0) {
      fc.assert(fc.property(programArbitrary, fc.boolean(), (program, broad) => check(program.fileName, program.text, broad)),
        { seed: options.seed, numRuns: options.programs });
    }
    if (options.mutated > 0) {
      fc.assert(fc.property(programArbitrary, fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), fc.boolean(),
        (program, mutations, broad) => check(program.fileName, mutateAll(program.text, mutations), broad)),
      { seed: options.seed + 1, numRuns: options.mutated });
    }
  } finally {
    summary.milliseconds = Date.now() - started;
  }
  return summary;
}

export function describeSummary(summary: FuzzSummary): string {
  return `fuzz: seed ${summary.seed} (mutated: seed ${summary.seed + 1}): ${summary.programs} generated + ${summary.mutated} mutated programs, ` +
    `${summary.withSyntaxErrors} with syntax errors, ${summary.findings} findings, ${summary.fixesChecked} fixes and ` +
    `${summary.suggestionsChecked} suggestions checked one by one, ${summary.fixedByLoop} fixes applied by --fix, ` +
    `in ${(summary.milliseconds / 1000).toFixed(1)} s` +
    `\n      findings by rule: ${JSON.stringify(summary.findingsByRule)}` +
    (Object.keys(summary.unsafeFixes).length > 0
      ? `\n      fixes/suggestions on broken files that would add syntax errors (dropped by the engine): ${JSON.stringify(summary.unsafeFixes)}`
      : '');
}
