import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { baseConfigSchema, DEFAULT_MAX_FILE_SIZE, SEVERITY_SETTINGS } from './config-schema';
import { isInside } from './files';
import type { EnabledRule } from './linter';
import type { RuleRegistry } from './registry';
import type { SeveritySetting } from './rule';
import { validate } from './schema';

export const CONFIG_FILE_NAME = '.leaklintrc.json';
/** A config file is a few hundred bytes; anything this large is a mistake, not a config. */
export const MAX_CONFIG_FILE_SIZE = 1024 * 1024;

/** A configuration problem: names the file and says what is wrong, never a stack trace. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface RuleSetting {
  severity: SeveritySetting;
  /** Present when the setting gave options; merged over the rule's defaults. */
  options?: Record<string, unknown>;
}

export interface LoadedConfig {
  file: string;
  dir: string;
  root: boolean;
  rules: Map<string, RuleSetting>;
  ignore: string[];
  maxFileSize?: number;
}

/**
 * Checks one rule entry (`"warning"` or `["warning", { options }]`) and returns it normalized,
 * or the problems found, each starting with where in the config it is.
 */
export function parseRuleSetting(
  id: string,
  value: unknown,
  registry: RuleRegistry,
): { setting?: RuleSetting; problems: string[] } {
  const where = `rules[${JSON.stringify(id)}]`;
  const rule = registry.get(id);
  if (!rule) {
    const hint = registry.suggest(id);
    return { problems: [`${where}: unknown rule ${JSON.stringify(id)}${hint ? ` (did you mean "${hint}"?)` : ''}`] };
  }
  const severityProblem = (severity: unknown, at: string): string | undefined => {
    if (typeof severity === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(severity)) return undefined;
    const hint = severity === 'warn' ? ' (did you mean "warning"?)' : '';
    return `${at}: severity must be one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(severity)}${hint}`;
  };
  if (!Array.isArray(value)) {
    const problem = severityProblem(value, where);
    return problem ? { problems: [problem] } : { setting: { severity: value as SeveritySetting }, problems: [] };
  }
  if (value.length < 1 || value.length > 2) {
    return { problems: [`${where}: expected a severity or [severity, { options }], got an array of ${value.length} items`] };
  }
  const problem = severityProblem(value[0], `${where}[0]`);
  if (problem) return { problems: [problem] };
  if (value.length === 1) return { setting: { severity: value[0] as SeveritySetting }, problems: [] };
  const optionErrors = validate(value[1], rule.meta.optionsSchema, `${where}[1]`);
  if (optionErrors.length > 0) {
    return { problems: optionErrors.map((error) => `${error.path}: ${error.message}`) };
  }
  return { setting: { severity: value[0] as SeveritySetting, options: value[1] as Record<string, unknown> }, problems: [] };
}

/** Deeper than any config needs. */
const MAX_CONFIG_DEPTH = 64;

/** True for a value no deeper than MAX_CONFIG_DEPTH whose numbers are all finite. */
function withinLimits(value: unknown, depth: number): boolean {
  if (depth > MAX_CONFIG_DEPTH) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every((item) => withinLimits(item, depth + 1));
}

/**
 * The value of a config file's text. Plain JSON, the common case, is read by JSON.parse; comments,
 * trailing commas and every mistake go to the TypeScript-based reader, which says where the
 * problem is (and is loaded only then: TypeScript is most of the CLI's start-up).
 */
function parseConfigJson(file: string, text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && withinLimits(value, 0)) return value;
  } catch {
    // Not plain JSON: the reader below says why, or reads the comments.
  }
  const { parseJsonWithComments, InvalidJsonError } = require('./jsonc') as typeof import('./jsonc');
  try {
    return parseJsonWithComments(file, text, MAX_CONFIG_DEPTH);
  } catch (error) {
    if (error instanceof InvalidJsonError) throw new ConfigError(file, [error.message]);
    throw error;
  }
}

export function parseConfigText(file: string, text: string, registry: RuleRegistry): LoadedConfig {
  const raw = parseConfigJson(file, text);
  const problems = validate(raw, baseConfigSchema).map((error) => `${error.path}: ${error.message}`);
  if (problems.length > 0) throw new ConfigError(file, problems);
  const config = raw as { root?: boolean; rules?: Record<string, unknown>; ignore?: string[]; maxFileSize?: number };
  const rules = new Map<string, RuleSetting>();
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    const result = parseRuleSetting(id, value, registry);
    if (result.setting) rules.set(id, result.setting);
    problems.push(...result.problems);
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return {
    file,
    dir: path.dirname(file),
    root: config.root === true,
    rules,
    ignore: config.ignore ?? [],
    maxFileSize: config.maxFileSize,
  };
}

/** Reads and checks one config file; every failure is a ConfigError naming the file. */
export function loadConfigFile(file: string, registry: RuleRegistry): LoadedConfig {
  let text: string;
  try {
    const stat = fs.statSync(file);
    // A FIFO named .leaklintrc.json would block the read forever.
    if (stat.isDirectory()) throw new ConfigError(file, ['is a folder, not a file']);
    if (!stat.isFile()) throw new ConfigError(file, ['is not a regular file']);
    if (stat.size > MAX_CONFIG_FILE_SIZE) {
      throw new ConfigError(file, [`the file is ${(stat.size / 1024 / 1024).toFixed(1)} MB, larger than a config file can be (1 MB)`]);
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  try {
    return parseConfigText(file, text, registry);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Whatever else goes wrong, the caller must get an error that names the file, not a crash.
    throw new ConfigError(file, [`cannot be read: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

export interface EffectiveConfig {
  enabledRules: EnabledRule[];
  maxFileSize: number;
  /** The config files that contributed, farthest first. */
  files: string[];
  /** Changes whenever anything that affects findings changes: for cache keys. */
  key: string;
}

export interface ConfigResolverOptions {
  registry: RuleRegistry;
  /** `--config`: use this file only, no lookup. */
  configFile?: string;
  /** Settings that win over every file (`--rule`, the editor's `leaklint.rules`). */
  overrides?: ReadonlyMap<string, RuleSetting>;
  /** Folders above which no config is looked for (the workspace folders); a `.git` folder also stops the lookup. */
  stopDirs?: readonly string[];
  /** When given, a broken config file is reported here and left out instead of thrown. */
  onError?: (error: ConfigError) => void;
  maxFileSize?: number;
  /**
   * Read a `.leaklintrc.json` that is a symbolic link to a file outside its repository (the
   * folder with `.git`, or a stop folder). Off by default: the link could point anywhere, and
   * the error messages would quote what it points to.
   */
  followSymlinks?: boolean;
}

interface IgnoreScope {
  dir: string;
  matcher: Ignore;
}

export class ConfigResolver {
  private readonly loaded = new Map<string, LoadedConfig | null>();
  private readonly chainByDir = new Map<string, LoadedConfig[]>();
  private readonly effectiveByDir = new Map<string, EffectiveConfig>();
  /** By the config files that decide it: folders without config files of their own share one. */
  private readonly effectiveByChain = new Map<string, EffectiveConfig>();
  private readonly ignoreScopes = new Map<string, IgnoreScope | null>();

  constructor(private readonly options: ConfigResolverOptions) {}

  /** Drops everything cached: call when a config file changes. */
  clear(): void {
    this.loaded.clear();
    this.chainByDir.clear();
    this.effectiveByDir.clear();
    this.effectiveByChain.clear();
    this.ignoreScopes.clear();
  }

  private load(file: string, found = true): LoadedConfig | null {
    if (this.loaded.has(file)) return this.loaded.get(file)!;
    let config: LoadedConfig | null = null;
    try {
      if (found) this.checkSymlink(file);
      config = loadConfigFile(file, this.options.registry);
    } catch (error) {
      if (!(error instanceof ConfigError) || !this.options.onError) throw error;
      this.options.onError(error);
    }
    this.loaded.set(file, config);
    return config;
  }

  /** The config files that apply to files in `dir`, farthest first. */
  private chainFor(dir: string): LoadedConfig[] {
    const cached = this.chainByDir.get(dir);
    if (cached) return cached;
    let chain: LoadedConfig[];
    if (this.options.configFile) {
      const config = this.load(path.resolve(this.options.configFile), false);
      chain = config ? [config] : [];
    } else {
      const candidate = path.join(dir, CONFIG_FILE_NAME);
      const here = fs.existsSync(candidate) ? this.load(candidate) : null;
      const parent = path.dirname(dir);
      const stop = here?.root === true || parent === dir || this.isStopDir(dir);
      chain = stop ? [] : [...this.chainFor(parent)];
      if (here) chain.push(here);
    }
    this.chainByDir.set(dir, chain);
    return chain;
  }

  /** Refuses a config found by lookup that links outside its repository, unless symlinks are followed. */
  private checkSymlink(file: string): void {
    if (this.options.followSymlinks) return;
    try {
      if (!fs.lstatSync(file).isSymbolicLink()) return;
    } catch {
      return;
    }
    let boundary = path.dirname(file);
    for (let dir = boundary; ; dir = path.dirname(dir)) {
      if (this.isStopDir(dir)) {
        boundary = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    try {
      if (isInside(fs.realpathSync(file), fs.realpathSync(boundary))) return;
    } catch (error) {
      throw new ConfigError(file, [`is a symbolic link that cannot be followed (${(error as NodeJS.ErrnoException).code ?? error})`]);
    }
    throw new ConfigError(file, [
      'is a symbolic link to a file outside this repository; not read, as it could point at any file ' +
      '(name the file with --config, or pass --follow-symlinks)',
    ]);
  }

  private isStopDir(dir: string): boolean {
    if (this.options.stopDirs?.some((stopDir) => path.resolve(stopDir) === dir)) return true;
    return fs.existsSync(path.join(dir, '.git'));
  }

  forFile(filePath: string): EffectiveConfig {
    const dir = path.dirname(path.resolve(filePath));
    const cached = this.effectiveByDir.get(dir);
    if (cached) return cached;
    const chain = this.chainFor(dir);
    const chainKey = chain.map((config) => config.file).join('\0');
    let effective = this.effectiveByChain.get(chainKey);
    if (!effective) {
      effective = this.effectiveOf(chain);
      this.effectiveByChain.set(chainKey, effective);
    }
    this.effectiveByDir.set(dir, effective);
    return effective;
  }

  private effectiveOf(chain: readonly LoadedConfig[]): EffectiveConfig {
    const settings = new Map<string, RuleSetting>();
    const merge = (id: string, setting: RuleSetting) => {
      const previous = settings.get(id);
      settings.set(id, { severity: setting.severity, options: setting.options ?? previous?.options });
    };
    for (const config of chain) for (const [id, setting] of config.rules) merge(id, setting);
    for (const [id, setting] of this.options.overrides ?? []) merge(id, setting);

    const enabledRules: EnabledRule[] = [];
    for (const rule of this.options.registry.rules) {
      const setting = settings.get(rule.meta.id);
      const severity = setting?.severity ?? rule.meta.defaultSeverity;
      if (severity === 'off') continue;
      enabledRules.push({ rule, severity, options: { ...rule.meta.defaultOptions, ...setting?.options } });
    }
    const maxFileSize = [...chain].reverse().find((config) => config.maxFileSize !== undefined)?.maxFileSize ??
      this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    return {
      enabledRules,
      maxFileSize,
      files: chain.map((config) => config.file),
      key: JSON.stringify([enabledRules.map(({ rule, severity, options }) => [rule.meta.id, severity, options]), maxFileSize]),
    };
  }

  /** True when a config file's `ignore` patterns exclude the file. */
  isIgnored(filePath: string): boolean {
    const absolute = path.resolve(filePath);
    for (const config of this.chainFor(path.dirname(absolute))) {
      const scope = this.ignoreScope(config);
      if (!scope) continue;
      const relative = path.relative(scope.dir, absolute).split(path.sep).join('/');
      if (relative && !relative.startsWith('..') && scope.matcher.ignores(relative)) return true;
    }
    return false;
  }

  private ignoreScope(config: LoadedConfig): IgnoreScope | null {
    if (this.ignoreScopes.has(config.file)) return this.ignoreScopes.get(config.file)!;
    const scope = config.ignore.length > 0 ? { dir: config.dir, matcher: ignore().add(config.ignore) } : null;
    this.ignoreScopes.set(config.file, scope);
    return scope;
  }
}
