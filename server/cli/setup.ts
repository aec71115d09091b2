import * as path from 'node:path';
import { shippedRules } from '../../rules/catalog';
import { ConfigResolver, parseRuleSetting, type RuleSetting } from '../engine/config';
import { RuleRegistry } from '../engine/registry';
import { parseArgs, UsageError, type CliOptions } from './args';

type LintFile = typeof import('../engine/lint-file').lintFile;
let loadedLintFile: LintFile | undefined;

/**
 * The engine's lintFile, loaded on first use: it brings in TypeScript and the rules, most of the
 * start-up, which a scan answered from the cache does without.
 */
export function loadLintFile(): LintFile {
  loadedLintFile ??= (require('../engine/lint-file') as typeof import('../engine/lint-file')).lintFile;
  return loadedLintFile;
}

/** True once loadLintFile ran on this thread. */
export function isEngineLoaded(): boolean {
  return loadedLintFile !== undefined;
}

/**
 * What a command line decides before any file is read. The main thread and every worker thread
 * build it from the same argv, so they resolve exactly the same configuration for a file.
 */
export interface CommandLine {
  options: CliOptions;
  registry: RuleRegistry;
  /** `--rule` settings, which win over config files. */
  overrides: Map<string, RuleSetting>;
}

/** Throws UsageError for a bad command line. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const registry = new RuleRegistry(shippedRules());
  const options = parseArgs(argv);
  const overrides = new Map<string, RuleSetting>();
  for (const { id, value } of options.rules) {
    const { setting, problems } = parseRuleSetting(id, value, registry);
    if (!setting) throw new UsageError(`--rule ${problems.join('; ')}`);
    overrides.set(id, setting);
  }
  return { options, registry, overrides };
}

export function createResolver({ options, registry, overrides }: CommandLine, cwd: string): ConfigResolver {
  return new ConfigResolver({
    registry,
    configFile: options.config ? path.resolve(cwd, options.config) : undefined,
    overrides,
    maxFileSize: options.maxFileSize,
    followSymlinks: options.followSymlinks,
  });
}
