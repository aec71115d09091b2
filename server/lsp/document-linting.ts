import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { refreshTree } from '../engine/linter';
import type { RuleRegistry } from '../engine/registry';
import type { DiagnosticsPublisher } from './diagnostics-publisher';
import { toDiagnostics } from './diagnostics';
import { lintTargetOf, type LintRunner } from './lint-runner';
import { DEFAULT_SETTINGS } from './settings';
import type { SettingsStore } from './settings-store';

export type DiagnosticsMode = 'push' | 'pull';

/** The diagnostics of one version of a document, as last computed. */
export interface LintedVersion {
  version: number;
  /** `DocumentLinting.generation` when computed: older ones predate a config or settings change. */
  generation: number;
  resultId: string;
  diagnostics: Diagnostic[];
}

type Reason = 'open' | 'change' | 'save' | 'pull' | 'refresh';

interface Waiter {
  version: number;
  resolve: (linted: LintedVersion) => void;
  reject: (error: ResponseError<unknown>) => void;
}

/** Everything kept per open document; deleted as a whole when the document closes. */
interface DocumentState {
  /** The scheduled lint: a timer while debouncing, an immediate when there is no delay. */
  timer?: NodeJS.Timeout | NodeJS.Immediate;
  /** Set after each lint: when it fires, the user has paused, and the kept tree is parsed afresh. */
  idleTimer?: NodeJS.Timeout;
  timerReason?: Reason;
  /** The version whose lint is waiting for settings right now. */
  inFlight?: number;
  linted?: LintedVersion;
  savedVersion?: number;
  /** `textDocument/didOpen` also reports a content change; that one is not an edit. */
  openedVersion: number;
  waiters: Waiter[];
}

export interface DocumentLintingCounts {
  documentStates: number;
  pendingLintTimers: number;
  inFlightLints: number;
  cachedResults: number;
}

/** Cancels a scheduled lint, whichever of the two kinds `schedule` made. */
function cancelScheduled(timer: NodeJS.Timeout | NodeJS.Immediate | undefined): void {
  if (timer === undefined) return;
  if ('refresh' in timer) clearTimeout(timer);
  else clearImmediate(timer);
}

/**
 * Resolves once messages that had arrived by now have been handled. vscode-jsonrpc takes three
 * event-loop turns for one: the bytes are read (poll phase), decoded in a `setImmediate`, and
 * dispatched in the next `setImmediate`. Four turns of our own leave one to spare; each costs
 * microseconds when nothing is queued.
 */
function afterQueuedMessages(): Promise<void> {
  return new Promise((resolve) => {
    let turns = 4;
    const next = () => (--turns === 0 ? resolve() : setImmediate(next));
    setImmediate(next);
  });
}

/** How long a document goes without edits before its kept tree is parsed afresh. */
export const IDLE_REFRESH_MS = 1000;

function superseded(): ResponseError<unknown> {
  // retriggerRequest: the client asks again, for the newer version.
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; diagnostics are computed for the newer version.', { retriggerRequest: true });
}

/**
 * Lints open documents: debounced as the user types (or on save), newest version only, and
 * delivers the diagnostics by push or, for clients that pull (LSP 3.17), as pull answers.
 */
export class DocumentLinting {
  private readonly states = new Map<string, DocumentState>();
  /** `performance.now()` when a lint was last scheduled or finished. */
  private lastActivityAt = -Infinity;
  private generation = 0;
  private resultCounter = 0;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    private readonly runner: LintRunner,
    private readonly registry: RuleRegistry,
    private readonly publisher: DiagnosticsPublisher,
    readonly mode: DiagnosticsMode,
    /** Asks a pulling client to pull again (`workspace/diagnostic/refresh`). */
    private readonly refreshPull: () => void,
  ) {}

  opened(document: TextDocument): void {
    this.states.set(document.uri, { waiters: [], openedVersion: document.version });
    if (this.mode === 'pull') {
      // A workspace scan may have pushed diagnostics for this file; from now on pulls own it.
      this.publisher.clear(document.uri);
    } else {
      this.schedule(document.uri, 0, 'open');
    }
  }

  changed(document: TextDocument): void {
    const state = this.states.get(document.uri);
    if (!state || document.version === state.openedVersion) return;
    clearTimeout(state.idleTimer);
    for (const waiter of state.waiters.filter((waiter) => waiter.version < document.version)) this.settle(state, waiter, superseded());
    const debounceMs = this.settings.peek(document.uri)?.debounceMs ?? DEFAULT_SETTINGS.debounceMs;
    this.schedule(document.uri, debounceMs, 'change');
  }

  saved(document: TextDocument): void {
    const state = this.states.get(document.uri);
    if (!state) return;
    state.savedVersion = document.version;
    if (this.settings.peek(document.uri)?.run === 'onSave') {
      if (this.mode === 'push') this.schedule(document.uri, 0, 'save');
      else this.refreshPull();
    }
  }

  closed(uri: string): void {
    const state = this.states.get(uri);
    if (state) {
      cancelScheduled(state.timer);
      clearTimeout(state.idleTimer);
      const closedError = new ResponseError(LSPErrorCodes.ServerCancelled, 'The document was closed.', { retriggerRequest: false });
      for (const waiter of [...state.waiters]) this.settle(state, waiter, closedError);
      this.states.delete(uri);
    }
    this.settings.forget(uri);
    this.publisher.clear(uri);
  }

  /** Config files or settings changed: every open document's diagnostics may be out of date. */
  relintAll(): void {
    this.generation++;
    if (this.mode === 'pull') {
      this.refreshPull();
      return;
    }
    for (const uri of this.states.keys()) this.schedule(uri, 0, 'refresh');
  }

  /** The last diagnostics computed for the document's current version, if still valid. */
  current(uri: string): LintedVersion | undefined {
    const linted = this.states.get(uri)?.linted;
    const document = this.documents.get(uri);
    return linted && document && linted.version === document.version && linted.generation === this.generation ? linted : undefined;
  }

  isTracked(uri: string): boolean {
    return this.states.has(uri);
  }

  async pull(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(uri);
    const state = this.states.get(uri);
    if (!document || !state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    let linted = this.current(uri);
    const onSave = this.settings.peek(uri)?.run === 'onSave';
    if (!linted && onSave && state.linted && state.linted.generation === this.generation && state.savedVersion !== document.version) {
      // onSave: edits since the last save keep the diagnostics of the saved text.
      linted = state.linted;
    }
    if (!linted) {
      if (state.timer === undefined && state.inFlight !== document.version) {
        this.schedule(uri, state.linted ? this.settings.peek(uri)?.debounceMs ?? DEFAULT_SETTINGS.debounceMs : 0, 'pull');
      } else if (state.timerReason === 'change') {
        state.timerReason = 'pull';
      }
      linted = await this.waitFor(state, document.version, token);
    }
    if (linted.resultId === previousResultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: linted.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: linted.resultId, items: linted.diagnostics };
  }

  counts(): DocumentLintingCounts {
    let pendingLintTimers = 0;
    let inFlightLints = 0;
    let cachedResults = 0;
    for (const state of this.states.values()) {
      if (state.timer !== undefined) pendingLintTimers++;
      if (state.inFlight !== undefined) inFlightLints++;
      if (state.linted) cachedResults++;
    }
    return { documentStates: this.states.size, pendingLintTimers, inFlightLints, cachedResults };
  }

  private waitFor(state: DocumentState, version: number, token: CancellationToken): Promise<LintedVersion> {
    if (token.isCancellationRequested) return Promise.reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled.'));
    return new Promise<LintedVersion>((resolve, reject) => {
      const waiter: Waiter = { version, resolve, reject };
      state.waiters.push(waiter);
      const cancellation = token.onCancellationRequested(() => {
        this.settle(state, waiter, new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled.'));
      });
      const done = () => cancellation.dispose();
      waiter.resolve = (linted) => {
        done();
        resolve(linted);
      };
      waiter.reject = (error) => {
        done();
        reject(error);
      };
    });
  }

  private settle(state: DocumentState, waiter: Waiter, outcome: LintedVersion | ResponseError<unknown>): void {
    const index = state.waiters.indexOf(waiter);
    if (index < 0) return;
    state.waiters.splice(index, 1);
    if (outcome instanceof ResponseError) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  /** No lint pending or running, and none for `quietMs`: background work may run without delaying one. */
  isQuiet(quietMs: number): boolean {
    if (performance.now() - this.lastActivityAt < quietMs) return false;
    const { pendingLintTimers, inFlightLints } = this.counts();
    return pendingLintTimers === 0 && inFlightLints === 0;
  }

  private schedule(uri: string, delayMs: number, reason: Reason): void {
    const state = this.states.get(uri);
    if (!state) return;
    this.lastActivityAt = performance.now();
    cancelScheduled(state.timer);
    state.timerReason = reason;
    const run = () => {
      state.timer = undefined;
      void this.run(uri, state, reason);
    };
    // A timeout of 0 waits a millisecond or more; an immediate runs once the messages already
    // read are handled, which still lets an edit that came with them supersede this one.
    state.timer = delayMs > 0 ? setTimeout(run, delayMs) : setImmediate(run);
  }

  private async run(uri: string, state: DocumentState, reason: Reason): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || this.states.get(uri) !== state) return;
    const version = document.version;
    const generation = this.generation;
    state.inFlight = version;
    try {
      const settings = await this.settings.get(uri, () => this.states.get(uri) === state);
      // Closed, or a newer version arrived while the settings were read: this result is stale.
      if (this.states.get(uri) !== state || this.documents.get(uri)?.version !== version) return;
      if (reason === 'change' && settings.run === 'onSave' && state.waiters.length === 0) return;
      const target = lintTargetOf(uri, document.languageId);
      const text = document.getText();
      const result = this.runner.lint(target, text, settings, { incremental: true });
      this.refreshWhenIdle(uri, state, version, target.filePath, text);
      const linted: LintedVersion = {
        version,
        generation,
        resultId: String(++this.resultCounter),
        diagnostics: result ? toDiagnostics(result.findings, uri, version, this.registry) : [],
      };
      state.linted = linted;
      for (const waiter of [...state.waiters]) {
        if (waiter.version === version) this.settle(state, waiter, linted);
        else if (waiter.version < version) this.settle(state, waiter, superseded());
      }
      if (this.mode === 'push') await this.publishUnlessSuperseded(uri, state, linted);
    } finally {
      if (state.inFlight === version) state.inFlight = undefined;
      this.lastActivityAt = performance.now();
    }
  }

  /**
   * Once the user has paused for IDLE_REFRESH_MS, the kept tree, updated edit after edit, is
   * parsed afresh (see `refreshTree`): the chain of updates is cut off the typing path.
   */
  private refreshWhenIdle(uri: string, state: DocumentState, version: number, filePath: string, text: string): void {
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      state.idleTimer = undefined;
      if (this.states.get(uri) === state && this.documents.get(uri)?.version === version) refreshTree(filePath, text);
    }, IDLE_REFRESH_MS);
    state.idleTimer.unref();
  }

  /**
   * Edits typed while the lint ran are still waiting in the connection: let them be read first,
   * then publish only if the document is still at the linted version. A superseded result is
   * dropped; the newer version's lint is already scheduled.
   */
  private async publishUnlessSuperseded(uri: string, state: DocumentState, linted: LintedVersion): Promise<void> {
    await afterQueuedMessages();
    if (this.states.get(uri) !== state || this.documents.get(uri)?.version !== linted.version || linted.generation !== this.generation) return;
    this.publisher.publish(uri, linted.diagnostics, linted.version);
  }
}
