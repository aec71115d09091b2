import * as path from 'node:path';
import { allRules } from '../../rules';
import { ConfigResolver, parseRuleSetting, type RuleSetting } from '../engine/config';
import { RuleRegistry } from '../engine/registry';
import { parseArgs, UsageError, type CliOptions } from './args';

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
  const registry = new RuleRegistry(allRules);
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
