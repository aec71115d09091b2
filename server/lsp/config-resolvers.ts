import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ConfigError, ConfigResolver, parseRuleSetting, type RuleSetting } from '../engine/config';
import type { RuleRegistry } from '../engine/registry';
import type { ProblemReporter } from './problems';
import type { LeakLintSettings } from './settings';

/** What linting needs from the settings of one scope: config lookup and the `exclude` matcher. */
export interface ResolvedScope {
  resolver: ConfigResolver;
  exclude: Ignore | undefined;
}

/** Distinct `leaklint.rules`/`maxFileSize`/`exclude` combinations are few; this bounds them anyway. */
const MAX_SCOPES = 16;

export const CONFIG_PROBLEM_PREFIX = 'config:';

/**
 * One `ConfigResolver` per distinct editor settings (the settings' rule overrides are part of
 * the resolver), dropped whenever a config file or the workspace folders change.
 */
export class ConfigResolvers {
  private readonly scopes = new Map<string, ResolvedScope>();

  constructor(
    private readonly registry: RuleRegistry,
    private readonly problems: ProblemReporter,
    private readonly stopDirs: () => readonly string[],
    private readonly openFile: (file: string) => void,
  ) {}

  forSettings(settings: LeakLintSettings): ResolvedScope {
    const key = JSON.stringify([settings.rules, settings.maxFileSize, settings.exclude]);
    const cached = this.scopes.get(key);
    if (cached) {
      // Refresh its place so the least recently used scope is the one evicted.
      this.scopes.delete(key);
      this.scopes.set(key, cached);
      return cached;
    }
    const scope: ResolvedScope = {
      resolver: new ConfigResolver({
        registry: this.registry,
        overrides: this.overrides(settings.rules),
        stopDirs: this.stopDirs(),
        maxFileSize: settings.maxFileSize,
        onError: (error) => this.reportConfigError(error),
      }),
      exclude: settings.exclude.length > 0 ? ignore().add(settings.exclude) : undefined,
    };
    if (this.scopes.size >= MAX_SCOPES) this.scopes.delete(this.scopes.keys().next().value!);
    this.scopes.set(key, scope);
    return scope;
  }

  /** Config files or folders changed: every cached lookup may be wrong now. */
  clear(): void {
    this.scopes.clear();
    this.problems.forget(CONFIG_PROBLEM_PREFIX);
  }

  get size(): number {
    return this.scopes.size;
  }

  private overrides(rules: Record<string, unknown>): Map<string, RuleSetting> {
    const overrides = new Map<string, RuleSetting>();
    for (const [id, value] of Object.entries(rules)) {
      const { setting, problems } = parseRuleSetting(id, value, this.registry);
      if (setting) {
        overrides.set(id, setting);
        continue;
      }
      this.problems.report({
        key: `${CONFIG_PROBLEM_PREFIX}settings:${problems.join()}`,
        message: `LeakLint: the setting leaklint.rules is invalid and that entry is ignored: ${problems[0]}`,
        details: problems.join('\n'),
      });
    }
    return overrides;
  }

  private reportConfigError(error: ConfigError): void {
    this.problems.report({
      key: `${CONFIG_PROBLEM_PREFIX}${error.message}`,
      message: `LeakLint: ${path.basename(error.file)} is invalid and is ignored until fixed: ${error.problems[0]}` +
        (error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problems)` : ''),
      details: `${error.file}:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`,
      action: { title: 'Open Config File', run: () => this.openFile(error.file) },
    });
  }
}
