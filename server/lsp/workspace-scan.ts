import type { Diagnostic } from 'vscode-languageserver';
import { discoverFiles } from '../engine/files';
import type { RuleRegistry } from '../engine/registry';
import type { ConfigResolvers } from './config-resolvers';
import type { DiagnosticsPublisher } from './diagnostics-publisher';
import { toDiagnostics } from './diagnostics';
import { lintTargetOf, type LintRunner } from './lint-runner';
import type { ScanSummary } from './protocol';
import type { LeakLintSettings } from './settings';
import { fileUriOf, type WorkspaceFolderInfo, type WorkspaceFolders } from './workspace-folders';

/** How long the scan may hold the event loop before letting queued messages (edits, pulls) run. */
const SLICE_MS = 15;
/** Progress notifications at most this often: each is a message to the client. */
const PROGRESS_INTERVAL_MS = 100;

export interface ScanProgress {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

export interface OpenDocument {
  uri: string;
  languageId: string;
  text: string;
}

export interface WorkspaceScanDeps {
  folders: WorkspaceFolders;
  settingsForFolder: (folder: WorkspaceFolderInfo) => Promise<LeakLintSettings>;
  resolvers: ConfigResolvers;
  runner: LintRunner;
  registry: RuleRegistry;
  publisher: DiagnosticsPublisher;
  /** The open document for a path, if any: its unsaved text is what counts, and its diagnostics are not the scan's to publish. */
  openDocumentAt: (fsPath: string) => OpenDocument | undefined;
}

interface ScanFile {
  fsPath: string;
  settings: LeakLintSettings;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A cancellation check that combines the request's token and the progress's cancel button. */
export type IsCancelled = () => boolean;

/**
 * Lints every file of every workspace folder (the CLI's file selection plus `leaklint.exclude`),
 * in slices so that the server keeps answering, and publishes diagnostics for unopened files.
 */
export class WorkspaceScanner {
  private lastScan: string[] = [];
  /** Cancels the job running now (a scan, or a re-lint after a config change). */
  private stopCurrent: (() => void) | undefined;
  private readonly jobs = new Map<() => boolean, () => void>();

  constructor(private readonly deps: WorkspaceScanDeps) {}

  get lastScanFileCount(): number {
    return this.lastScan.length;
  }

  async scan(progress: ScanProgress, isCancelled: IsCancelled): Promise<ScanSummary> {
    const started = Date.now();
    const stopped = this.startJob();
    const cancelled = () => stopped() || isCancelled();
    progress.begin('LeakLint: Scanning workspace', 0, 'Finding files…', true);
    const summary: ScanSummary = { files: 0, filesWithFindings: 0, findings: 0, findingsByRule: {}, durationMs: 0, cancelled: false, skippedFolders: [] };
    try {
      const files: ScanFile[] = [];
      for (const folder of this.deps.folders.all) {
        const settings = folder.fsPath ? await this.deps.settingsForFolder(folder) : undefined;
        if (!folder.fsPath || !settings?.enable) {
          summary.skippedFolders.push(folder.name);
          continue;
        }
        const resolver = this.deps.resolvers.forSettings(settings).resolver;
        const discovery = discoverFiles([folder.fsPath], {
          cwd: folder.fsPath,
          ignorePatterns: settings.exclude,
          isIgnored: (file) => resolver.isIgnored(file),
        });
        for (const file of discovery.files) files.push({ fsPath: file.absolutePath, settings });
        await yieldToEventLoop();
        if (cancelled()) break;
      }
      const total = files.length;
      let lastReport = 0;
      const processed: string[] = [];
      await this.inSlices(files, cancelled, (file, index) => {
        const findings = this.lintAndPublish(file);
        processed.push(file.fsPath);
        summary.files++;
        if (findings.length > 0) summary.filesWithFindings++;
        for (const diagnostic of findings) {
          const ruleId = String(diagnostic.code);
          summary.findingsByRule[ruleId] = (summary.findingsByRule[ruleId] ?? 0) + 1;
          summary.findings++;
        }
        const now = Date.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS || index === total - 1) {
          lastReport = now;
          progress.report(Math.floor(((index + 1) / total) * 100), `${index + 1}/${total} files, ${summary.findings} findings`);
        }
      });
      summary.cancelled = cancelled() && summary.files < total;
      if (summary.cancelled) {
        this.lastScan = [...new Set([...this.lastScan, ...processed])];
      } else {
        const current = new Set(files.map((file) => file.fsPath));
        // Files gone or now excluded since the previous scan must not keep showing findings.
        for (const old of this.lastScan) if (!current.has(old) && !this.deps.openDocumentAt(old)) this.deps.publisher.clear(fileUriOf(old));
        this.lastScan = [...current];
      }
    } finally {
      progress.done();
      this.endJob(stopped);
    }
    summary.durationMs = Date.now() - started;
    return summary;
  }

  /** After a config or settings change: lint the last scan's files again and publish what changed. */
  async relintLastScan(): Promise<void> {
    if (this.lastScan.length === 0) return;
    const stopped = this.startJob();
    try {
      const settingsByFolder = new Map<string, LeakLintSettings>();
      const files: ScanFile[] = [];
      for (const fsPath of this.lastScan) {
        const folder = this.deps.folders.folderOf(fsPath);
        if (!folder) {
          this.deps.publisher.clear(fileUriOf(fsPath));
          continue;
        }
        let settings = settingsByFolder.get(folder.uri);
        if (!settings) {
          settings = await this.deps.settingsForFolder(folder);
          settingsByFolder.set(folder.uri, settings);
        }
        files.push({ fsPath, settings });
      }
      await this.inSlices(files, stopped, (file) => this.lintAndPublish(file));
    } finally {
      this.endJob(stopped);
    }
  }

  private lintAndPublish(file: ScanFile): Diagnostic[] {
    const open = this.deps.openDocumentAt(file.fsPath);
    const uri = open?.uri ?? fileUriOf(file.fsPath);
    const target = lintTargetOf(uri, open?.languageId);
    const result = this.deps.runner.lint(target, open?.text, file.settings);
    const diagnostics = result ? toDiagnostics(result.findings, uri, null, this.deps.registry) : [];
    // An open document's diagnostics belong to the document linter (its version, its buffer).
    if (!open) this.deps.publisher.publish(uri, diagnostics);
    return diagnostics;
  }

  private async inSlices<T>(items: readonly T[], cancelled: IsCancelled, each: (item: T, index: number) => void): Promise<void> {
    let sliceStart = Date.now();
    for (let index = 0; index < items.length; index++) {
      if (Date.now() - sliceStart >= SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
      if (cancelled()) return;
      each(items[index], index);
    }
  }

  /** Stops the running job, if any, and registers a new one; returns its "was I stopped" check. */
  private startJob(): () => boolean {
    this.stopCurrent?.();
    let stop = false;
    const stopThis = () => {
      stop = true;
    };
    this.stopCurrent = stopThis;
    const stopped = () => stop;
    this.jobs.set(stopped, stopThis);
    return stopped;
  }

  private endJob(stopped: () => boolean): void {
    if (this.stopCurrent === this.jobs.get(stopped)) this.stopCurrent = undefined;
    this.jobs.delete(stopped);
  }
}
