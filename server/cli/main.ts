import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { ConfigError, ConfigResolver, parseRuleSetting, type RuleSetting } from '../engine/config';
import { discoverFiles, isInside } from '../engine/files';
import { lintFile, type FileResult } from '../engine/lint-file';
import { RuleRegistry } from '../engine/registry';
import { VERSION } from '../version';
import { HELP, parseArgs, UsageError, type CliOptions } from './args';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStylish } from './formats/stylish';
import type { ReportedFile } from './report';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function displayPath(file: string, root: string, cwd: string): string {
  const base = isInside(file, cwd) ? cwd : path.dirname(root);
  return path.relative(base, file).split(path.sep).join('/') || path.basename(file);
}

function listRules(registry: RuleRegistry): string {
  const width = Math.max(...registry.rules.map((rule) => rule.meta.id.length));
  return registry.rules
    .map((rule) => `${rule.meta.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${rule.meta.fixable ? 'fix ' : '    '} ${rule.meta.description}`)
    .join('\n') + '\n';
}

function ruleOverrides(options: CliOptions, registry: RuleRegistry): Map<string, RuleSetting> {
  const overrides = new Map<string, RuleSetting>();
  for (const { id, value } of options.rules) {
    const { setting, problems } = parseRuleSetting(id, value, registry);
    if (!setting) throw new UsageError(`--rule ${problems.join('; ')}`);
    overrides.set(id, setting);
  }
  return overrides;
}

export function runCli(argv: readonly string[], io: CliIo): number {
  const started = Date.now();
  let options: CliOptions;
  const registry = new RuleRegistry(allRules);
  let overrides: Map<string, RuleSetting>;
  try {
    options = parseArgs(argv);
    overrides = ruleOverrides(options, registry);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`leaklint: ${error.message}\nRun 'leaklint --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout(listRules(registry));
    return EXIT_OK;
  }
  if (options.config && !fs.existsSync(path.resolve(io.cwd, options.config))) {
    io.stderr(`leaklint: config file not found: ${options.config}\n`);
    return EXIT_USAGE;
  }

  const resolver = new ConfigResolver({
    registry,
    configFile: options.config ? path.resolve(io.cwd, options.config) : undefined,
    overrides,
    maxFileSize: options.maxFileSize,
  });
  const discovery = discoverFiles(options.paths, {
    cwd: io.cwd,
    ignorePatterns: options.ignorePatterns,
    followSymlinks: options.followSymlinks,
  });
  if (discovery.missing.length > 0) {
    io.stderr(`leaklint: no such file or folder: ${discovery.missing.join(', ')}\n`);
    return EXIT_USAGE;
  }
  for (const warning of discovery.warnings) io.stderr(`leaklint: ${warning}\n`);

  const reported: ReportedFile[] = [];
  try {
    for (const file of discovery.files) {
      if (file.absolutePath !== file.root && resolver.isIgnored(file.absolutePath)) continue;
      const config = resolver.forFile(file.absolutePath);
      const result: FileResult = lintFile(file.absolutePath, config, { fix: options.fix, knownRuleIds: registry.ids });
      if (result.fixedText !== undefined) fs.writeFileSync(file.absolutePath, result.fixedText);
      if (options.quiet) result.findings = result.findings.filter((finding) => finding.severity === 'error');
      reported.push({ path: displayPath(file.absolutePath, file.root, io.cwd), result });
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`leaklint: configuration error in ${path.relative(io.cwd, error.file) || error.file}:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    return EXIT_USAGE;
  }

  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson(reported);
      break;
    case 'sarif':
      output = formatSarif(reported, { registry, notifications: discovery.warnings });
      break;
    default:
      output = formatStylish(reported, {
        color: options.color ?? (io.isTTY && !process.env.NO_COLOR && !options.outputFile),
        fileCount: reported.length,
        elapsedMs: Date.now() - started,
      });
  }
  if (options.outputFile) fs.writeFileSync(path.resolve(io.cwd, options.outputFile), output);
  else io.stdout(output);

  let errors = 0;
  let warnings = 0;
  for (const file of reported) {
    for (const finding of file.result.findings) {
      if (finding.severity === 'error') errors++;
      else if (finding.severity === 'warning') warnings++;
    }
  }
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`leaklint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}.\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}
