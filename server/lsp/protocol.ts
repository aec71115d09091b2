/**
 * LeakLint's additions to LSP, shared by the server, the VS Code client and the tests.
 * Plain names and shapes only: the client imports this file and must not pull in server code.
 */

export const SERVER_ID = 'leaklint';

/** `leaklint/scanWorkspace`: lint every matching file of every workspace folder. */
export const SCAN_WORKSPACE_REQUEST = 'leaklint/scanWorkspace';

export interface ScanWorkspaceParams {
  /** Client-created progress token (LSP work-done progress); without it the server creates its own. */
  workDoneToken?: string | number;
}

export interface ScanSummary {
  /** Files linted (open documents included, with their unsaved text). */
  files: number;
  filesWithFindings: number;
  findings: number;
  /** Rule (or notice) id to number of findings. */
  findingsByRule: Record<string, number>;
  durationMs: number;
  cancelled: boolean;
  /** Workspace folders left out: not on disk, or `leaklint.enable` is false there. */
  skippedFolders: string[];
}

/** `leaklint/internalState`: counts of everything the server keeps, for soak tests. */
export const INTERNAL_STATE_REQUEST = 'leaklint/internalState';

export interface InternalState {
  openDocuments: number;
  pendingLintTimers: number;
  inFlightLints: number;
  cachedResults: number;
  cachedSettings: number;
  /** Per-document records of the linter (timers, versions, waiters); one per open document. */
  documentStates: number;
  /** URIs whose pushed diagnostics are currently non-empty on the client. */
  publishedDiagnostics: string[];
  /** Files of the last workspace scan (re-linted when a config file changes). */
  lastScanFiles: number;
  configResolvers: number;
  reportedProblems: number;
  diagnosticsMode: 'push' | 'pull';
  heapUsedBytes: number;
}

/** Commands the server executes (`workspace/executeCommand`). */
export const APPLY_FIX_ALL_COMMAND = 'leaklint.server.applyFixAll';
export const SHOW_DOCUMENTATION_COMMAND = 'leaklint.server.showDocumentation';

export interface ApplyFixAllArgs {
  uri: string;
  /** The version the user saw; a newer document is refused. */
  version: number;
}

/** What `leaklint.server.applyFixAll` answers. */
export interface FixAllOutcome {
  applied: boolean;
  /** Why nothing was applied. */
  reason?: string;
}

/** The code action kind of "Fix all auto-fixable LeakLint problems". */
export const FIX_ALL_KIND = 'source.fixAll.leaklint';

/** Title of the per-file fix-all action. */
export const FIX_ALL_TITLE = 'Fix all auto-fixable LeakLint problems';
