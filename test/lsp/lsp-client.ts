import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  DiagnosticRefreshRequest,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { INTERNAL_STATE_REQUEST, type InternalState } from '../../server/lsp/protocol';
import { REPO_ROOT } from '../helpers';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

/** Everything the server sent the client, in order, for waiting on and for assertions. */
export type ServerEvent =
  | { kind: 'diagnostics'; params: PublishDiagnosticsParams }
  | { kind: 'message'; type: number; message: string; actions: string[] }
  | { kind: 'log'; message: string }
  | { kind: 'progress'; token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }
  | { kind: 'configuration'; scopeUris: string[] }
  | { kind: 'register'; methods: string[] }
  | { kind: 'refresh' }
  | { kind: 'applyEdit'; applied: boolean }
  | { kind: 'showDocument'; uri: string };

export interface TestClientOptions {
  folders: string[];
  /** Pull diagnostics (LSP 3.17) instead of push. */
  pull?: boolean;
  /** Whether the client answers `workspace/configuration` (default true). */
  configuration?: boolean;
  initializationOptions?: unknown;
  /** The `leaklint` settings the client answers with. */
  settings?: Record<string, unknown>;
}

/** How long a wait may take before the test fails: a guard against hangs, never a sleep. */
const WAIT_LIMIT_MS = 15_000;

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** A real LSP client over the stdio of `node dist/server.js --stdio`. */
export class TestClient {
  readonly events: ServerEvent[] = [];
  readonly documents = new Map<string, TextDocument>();
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  /** While set, `workspace/configuration` answers wait for it. */
  configurationGate: Promise<void> | undefined;
  private listeners: Array<() => void> = [];
  private stderr = '';

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    readonly options: TestClientOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: TestClientOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(connection, child, options);
    child.stderr!.on('data', (chunk: Buffer) => {
      client.stderr += chunk.toString();
    });
    client.wire();
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.configuration !== false,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        workspaceFolders: true,
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { dataSupport: true, isPreferredSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        synchronization: { didSave: true },
        ...(options.pull ? { diagnostic: { relatedDocumentSupport: false } } : {}),
      },
      window: { workDoneProgress: true, showDocument: { support: true }, showMessage: {} },
    };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.folders[0] ? uriOf(options.folders[0]) : null,
      workspaceFolders: options.folders.map((folder) => ({ uri: uriOf(folder), name: path.basename(folder) })),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private wire(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => this.record({ kind: 'diagnostics', params }));
    c.onNotification(ShowMessageNotification.type, (params) => this.record({ kind: 'message', type: params.type, message: params.message, actions: [] }));
    c.onRequest(ShowMessageRequest.type, (params) => {
      this.record({ kind: 'message', type: params.type, message: params.message, actions: (params.actions ?? []).map((action) => action.title) });
      return null;
    });
    c.onNotification(LogMessageNotification.type, (params) => this.record({ kind: 'log', message: params.message }));
    c.onRequest(ConfigurationRequest.type, async (params) => {
      this.record({ kind: 'configuration', scopeUris: params.items.map((item) => item.scopeUri ?? '') });
      if (this.configurationGate) await this.configurationGate;
      return params.items.map(() => this.settings);
    });
    c.onRequest(RegistrationRequest.type, (params) => {
      this.record({ kind: 'register', methods: params.registrations.map((registration) => registration.method) });
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.watchProgress(params.token);
      return null;
    });
    c.onRequest(DiagnosticRefreshRequest.type, () => {
      this.record({ kind: 'refresh' });
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      const applied = this.applyWorkspaceEdit(params.edit);
      this.record({ kind: 'applyEdit', applied });
      return applied ? { applied } : { applied, failureReason: 'version mismatch' };
    });
    c.onRequest(ShowDocumentRequest.type, (params) => {
      this.record({ kind: 'showDocument', uri: params.uri });
      return { success: true };
    });
  }

  /** Records `$/progress` for a token (the server's own, or one the test passes in a request). */
  watchProgress(token: string | number): void {
    this.connection.onProgress(WorkDoneProgress.type, token, (value) => this.record({ kind: 'progress', token, value }));
  }

  private record(event: ServerEvent): void {
    this.events.push(event);
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Resolves with the first event at index >= `from` for which `pick` returns a value.
   * Fails after WAIT_LIMIT_MS, with what was seen, so a missing notification is a clear failure.
   */
  waitFor<T>(pick: (event: ServerEvent) => T | undefined, from = 0, what = 'event'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let index = from;
      const check = () => {
        for (; index < this.events.length; index++) {
          const picked = pick(this.events[index]);
          if (picked !== undefined) {
            done();
            resolve(picked);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out waiting for ${what}. Seen: ${JSON.stringify(this.events.slice(from).map((event) => event.kind === 'diagnostics' ? { uri: event.params.uri, version: event.params.version, n: event.params.diagnostics.length } : event)).slice(0, 2000)}\nstderr: ${this.stderr.slice(-2000)}`));
      }, WAIT_LIMIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** The next diagnostics published for `uri` (after event index `from`) that satisfy `accept`. */
  diagnosticsFor(uri: string, from = 0, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor((event) => (event.kind === 'diagnostics' && event.params.uri === uri && accept(event.params) ? event.params : undefined), from, `diagnostics for ${uri}`);
  }

  get mark(): number {
    return this.events.length;
  }

  async open(file: string, text: string, languageId = 'typescript'): Promise<string> {
    const uri = uriOf(file);
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a valid change for an incrementally synced server too); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    const updated = TextDocument.update(document, [{ text }], version);
    this.documents.set(uri, updated);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  async configFileChanged(file: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type }] });
  }

  async settingsChanged(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { leaklint: settings } });
  }

  internalState(): Promise<InternalState> {
    return this.connection.sendRequest(INTERNAL_STATE_REQUEST);
  }

  /** Applies an edit like an editor: refused when a versioned edit's version is not the document's. */
  applyWorkspaceEdit(edit: WorkspaceEdit): boolean {
    const changes: Array<{ uri: string; version: number | null; edits: TextDocumentEdit['edits'] }> = [];
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) return false;
      changes.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) changes.push({ uri, version: null, edits });
    for (const change of changes) {
      const document = this.documents.get(change.uri);
      if (!document || (change.version !== null && change.version !== document.version)) return false;
    }
    for (const change of changes) {
      const document = this.documents.get(change.uri)!;
      const text = TextDocument.applyEdits(document, change.edits as Parameters<typeof TextDocument.applyEdits>[1]);
      void this.change(change.uri, text);
    }
    return true;
  }

  async cancelProgress(token: string | number): Promise<void> {
    await this.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone.
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    setTimeout(() => this.child.kill(), 2000).unref();
    await exited;
    this.connection.dispose();
  }

  get serverErrors(): string {
    return this.stderr;
  }
}
