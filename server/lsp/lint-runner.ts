import * as path from 'node:path';
import { isInside } from '../engine/files';
import { lintContent, lintFile, type FileResult } from '../engine/lint-file';
import type { RuleRegistry } from '../engine/registry';
import type { ConfigResolvers } from './config-resolvers';
import type { ProblemReporter } from './problems';
import type { LeakLintSettings } from './settings';
import { fsPathOf, type WorkspaceFolders } from './workspace-folders';

/**
 * Documents that are not on disk (untitled, virtual file systems) are linted as if they lived
 * in this folder, which holds no config file: defaults plus the editor settings.
 */
const VIRTUAL_ROOT = path.resolve('/leaklint-virtual-documents');
const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export interface LintTarget {
  uri: string;
  /** The path the engine sees: the real one, or a made-up one under VIRTUAL_ROOT. */
  filePath: string;
  onDisk: boolean;
}

export function lintTargetOf(uri: string, languageId?: string): LintTarget {
  const fsPath = fsPathOf(uri);
  if (fsPath) return { uri, filePath: fsPath, onDisk: true };
  const base = decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() || 'untitled');
  const hasExtension = /\.[cm]?[jt]sx?$/i.test(base);
  const extension = hasExtension ? '' : EXTENSION_BY_LANGUAGE[languageId ?? ''] ?? '.ts';
  return { uri, filePath: path.join(VIRTUAL_ROOT, base.replace(/[\\/:]/g, '_') + extension), onDisk: false };
}

/** Lints one file or buffer with the settings of its scope; thin over the engine. */
export class LintRunner {
  constructor(
    private readonly registry: RuleRegistry,
    private readonly resolvers: ConfigResolvers,
    private readonly folders: WorkspaceFolders,
    private readonly problems: ProblemReporter,
  ) {}

  /** True when `leaklint.exclude` or a config file's `ignore` leaves the file out. */
  isExcluded(target: LintTarget, settings: LeakLintSettings): boolean {
    if (!target.onDisk) return false;
    const scope = this.resolvers.forSettings(settings);
    if (scope.exclude) {
      const base = this.folders.folderOf(target.filePath)?.fsPath;
      if (base && isInside(target.filePath, base)) {
        const relative = path.relative(base, target.filePath).split(path.sep).join('/');
        if (relative && scope.exclude.ignores(relative)) return true;
      }
    }
    return scope.resolver.isIgnored(target.filePath);
  }

  /**
   * Lints `text` (an open buffer) or, when it is undefined, the file on disk. Returns undefined
   * when the file is excluded, LeakLint is disabled there, or the engine failed (reported once).
   */
  lint(
    target: LintTarget,
    text: string | undefined,
    settings: LeakLintSettings,
    options: { fix?: boolean; incremental?: boolean } = {},
  ): FileResult | undefined {
    if (!settings.enable) return undefined;
    try {
      if (this.isExcluded(target, settings)) return undefined;
      const config = this.resolvers.forSettings(settings).resolver.forFile(target.filePath);
      const lintOptions = { knownRuleIds: this.registry.ids, fix: options.fix, incremental: options.incremental };
      return text === undefined
        ? lintFile(target.filePath, config, lintOptions)
        : lintContent(target.filePath, text, Buffer.byteLength(text), config, lintOptions);
    } catch (error) {
      const detail = error instanceof Error ? error.stack ?? error.message : String(error);
      this.problems.report({
        key: `internal:${error instanceof Error ? error.message : String(error)}`,
        message: `LeakLint: internal error while linting ${path.basename(target.filePath)}. LeakLint keeps running; details are in the LeakLint output.`,
        details: `${target.uri}\n${detail}`,
      });
      return undefined;
    }
  }
}
