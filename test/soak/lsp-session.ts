import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { INTERNAL_STATE_REQUEST, SCAN_WORKSPACE_REQUEST, type InternalState, type ScanSummary } from '../../server/lsp/protocol';
import { REPO_ROOT } from '../helpers';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
/** Preloaded into the server to read its heap after a forced collection (see heap-probe.ts). */
const HEAP_PROBE = path.join(__dirname, 'heap-probe.js');

/** A hang is a failure with a message, not a test that never ends. */
const WAIT_LIMIT_MS = 30_000;

export interface SessionOptions {
  folder: string;
  /** `leaklint` settings returned for every `workspace/configuration` item. */
  settings?: Record<string, unknown>;
  /** Start the server with `--expose-gc` and the heap probe, so `heapAfterGc()` works. */
  measureHeap?: boolean;
}

export interface ShownMessage {
  type: number;
  message: string;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * A real LSP client (vscode-languageserver-protocol) over the stdio of the built server, as an
 * editor would drive it. It answers `workspace/configuration`, and advertises push diagnostics
 * only (no `textDocument.diagnostic` capability), so every lint result arrives as a notification.
 */
export class LspSession {
  readonly messages: ShownMessage[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly versions = new Map<string, number>();
  private waiters: Array<() => void> = [];
  private stderrText = '';
  private exited = false;

  private constructor(
    private readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    /** Where the heap probe writes its figures. */
    private readonly probeFile: string,
  ) {}

  static async start(options: SessionOptions): Promise<LspSession> {
    const probeFile = path.join(os.tmpdir(), `leaklint-heap-${process.pid}-${Date.now()}.json`);
    const nodeArgs = options.measureHeap ? ['--expose-gc', '-r', HEAP_PROBE] : [];
    const child = spawn(process.execPath, [...nodeArgs, SERVER_JS, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LEAKLINT_HEAP_PROBE_FILE: probeFile },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(connection, child, probeFile);
    child.stderr!.on('data', (chunk: Buffer) => {
      session.stderrText += chunk.toString();
    });
    child.once('exit', () => {
      session.exited = true;
      session.notify();
    });
    session.wire(options.settings ?? {});
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(options.folder),
      workspaceFolders: [{ uri: uriOf(options.folder), name: path.basename(options.folder) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          codeAction: { dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
        window: { showMessage: {} },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  private wire(settings: Record<string, unknown>): void {
    const c = this.connection;
    c.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
    c.onRequest(RegistrationRequest.type, () => undefined);
    c.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      this.notify();
    });
    c.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push({ type: params.type, message: params.message });
      this.notify();
    });
    c.onRequest(ShowMessageRequest.type, (params) => {
      this.messages.push({ type: params.type, message: params.message });
      this.notify();
      return null;
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves once `ready()` returns a value; fails with what was seen after WAIT_LIMIT_MS. */
  private until<T>(what: string, ready: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        if (this.exited) {
          done();
          reject(new Error(`The server exited while waiting for ${what}.\nstderr: ${this.stderrText.slice(-3000)}`));
          return;
        }
        const value = ready();
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out waiting for ${what}.\nstderr: ${this.stderrText.slice(-3000)}`));
      }, WAIT_LIMIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  open(file: string, text: string, languageId = 'typescript'): Promise<string> {
    return this.openUri(uriOf(file), text, languageId);
  }

  async openUri(uri: string, text: string, languageId = 'typescript'): Promise<string> {
    this.versions.set(uri, 1);
    this.latest.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the range with `text` (an incremental change); returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async replaceAll(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * The diagnostics of this version of the document (or a later one). The server publishes
   * nothing for a document that is clean and never had diagnostics, so once it has no lint
   * pending or running (its internal state says so; messages are handled in order) and has
   * published nothing for this version, the answer is "none".
   */
  async diagnostics(uri: string, version = this.versions.get(uri) ?? 1): Promise<Diagnostic[]> {
    const started = Date.now();
    for (;;) {
      const published = this.latest.get(uri);
      if (published && (published.version ?? 0) >= version) return published.diagnostics;
      if (!this.isRunning) throw new Error(`The server exited while linting ${uri}.\nstderr: ${this.stderrText.slice(-3000)}`);
      const state = await this.internalState();
      if (state.pendingLintTimers === 0 && state.inFlightLints === 0) {
        const now = this.latest.get(uri);
        return now && (now.version ?? 0) >= version ? now.diagnostics : [];
      }
      if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`Timed out waiting for diagnostics for ${uri} version ${version}.\nstderr: ${this.stderrText.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Resolves once the server has cleared the diagnostics of a closed document (at once if it had none). */
  async cleared(uri: string): Promise<void> {
    await this.until(`cleared diagnostics for ${uri}`, () => {
      const params = this.latest.get(uri);
      return !params || params.diagnostics.length === 0 ? true : undefined;
    });
    this.latest.delete(uri);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<Command | CodeAction> | null> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
  }

  /** `leaklint/scanWorkspace`: lints every file of the workspace folder. */
  scanWorkspace(): Promise<ScanSummary> {
    return this.connection.sendRequest(SCAN_WORKSPACE_REQUEST, {});
  }

  internalState(): Promise<InternalState> {
    return this.connection.sendRequest(INTERNAL_STATE_REQUEST);
  }

  /** The server's heap after forced collections, in bytes (needs `measureHeap`; Linux and macOS). */
  async heapAfterGc(): Promise<number> {
    fs.rmSync(this.probeFile, { force: true });
    this.child.kill('SIGUSR2');
    const started = Date.now();
    while (!fs.existsSync(this.probeFile)) {
      if (Date.now() - started > WAIT_LIMIT_MS) throw new Error('The heap probe did not answer.');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { heapUsed } = JSON.parse(fs.readFileSync(this.probeFile, 'utf8')) as { heapUsed: number };
    fs.rmSync(this.probeFile, { force: true });
    return heapUsed;
  }

  get stderr(): string {
    return this.stderrText;
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server is already gone; the exit below still settles.
      }
      const exited = new Promise((resolve) => (this.exited ? resolve(undefined) : this.child.once('exit', resolve)));
      const killer = setTimeout(() => this.child.kill(), 3000);
      await exited;
      clearTimeout(killer);
    }
    this.connection.dispose();
    fs.rmSync(this.probeFile, { force: true });
  }
}
