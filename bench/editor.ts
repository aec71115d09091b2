import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { generateFile, seededRandom } from './corpus';
import { median, percentile } from './stats';

export interface EditorFigures {
  lines: number;
  edits: number;
  /** Milliseconds from didOpen to the first diagnostics. */
  openMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** False when the server's diagnostics carried no version (each edit then waits for the next push). */
  versioned: boolean;
  burst: BurstFigures;
  memory: ServerMemory;
  skipped: SkipCheck[];
}

/** Edits sent back to back without waiting: the newest version should win, without a queue of stale lints. */
export interface BurstFigures {
  edits: number;
  /** Pushes for versions of the burst older than its last: each one is a stale lint that ran. */
  stalePushes: number;
  newestPublished: boolean;
  /** No push for an older version arrived after the newest one's. */
  newestWasLast: boolean;
  /** From the last edit sent to its diagnostics. */
  settleMs: number;
}

export interface ServerMemory {
  /** Heap in use after a full garbage collection (bench/heap-probe-hook.ts). */
  heapAfterGcFirstEditMb?: number;
  heapAfterGcLastEditMb?: number;
  /** From the server's `leaklint/internalState`, when it answers it: the heap in use, garbage included. */
  heapAfterFirstEditMb?: number;
  heapAfterLastEditMb?: number;
  /** From /proc/<pid>/status, when there is one. */
  rssAfterFirstEditMb?: number;
  rssAfterLastEditMb?: number;
}

export interface SkipCheck {
  what: string;
  /** `code/severity` of every diagnostic the server pushed for the document. */
  diagnostics: string[];
  /** Exactly one diagnostic: file-skipped, at information severity. */
  ok: boolean;
}

const WAIT_LIMIT_MS = 60_000;

/** Waits for pushed diagnostics that satisfy a condition; keeps every push for later counting. */
class DiagnosticsLog {
  readonly pushes: Array<{ at: number; params: PublishDiagnosticsParams }> = [];
  private waiters: Array<{ test: (params: PublishDiagnosticsParams) => boolean; resolve: (at: number) => void }> = [];

  constructor(connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      this.pushes.push({ at, params });
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.test(params)) return true;
        waiter.resolve(at);
        return false;
      });
    });
  }

  /** Resolves with the arrival time of the first push, from now on, that passes `test`. */
  next(test: (params: PublishDiagnosticsParams) => boolean, what: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${what} within ${WAIT_LIMIT_MS / 1000} s`)), WAIT_LIMIT_MS);
      this.waiters.push({ test, resolve: (at) => {
        clearTimeout(timer);
        resolve(at);
      } });
    });
  }
}

function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Asks the preloaded probe for the heap after a full collection. */
async function heapAfterGcMb(pid: number, file: string): Promise<number | undefined> {
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (fs.existsSync(file)) return Number(fs.readFileSync(file, 'utf8')) / 1024 / 1024;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

async function heapMb(connection: ProtocolConnection): Promise<number | undefined> {
  try {
    const state = await connection.sendRequest<{ heapUsedBytes?: number }>('leaklint/internalState');
    return typeof state?.heapUsedBytes === 'number' ? state.heapUsedBytes / 1024 / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const describe = (diagnostic: Diagnostic) => `${String(diagnostic.code)}/${diagnostic.severity}`;

/**
 * Drives the built language server over stdio as an editor would, with debouncing off
 * (`debounceMs: 0` in initializationOptions and in every workspace/configuration answer), and
 * pull diagnostics not offered, so the server pushes.
 */
export async function measureEditor(
  serverJs: string,
  scratch: string,
  options: { lines: number; edits: number; heapProbe: string },
): Promise<EditorFigures> {
  const folder = path.join(scratch, 'editor');
  fs.mkdirSync(path.join(folder, '.git'), { recursive: true });
  const filePath = path.join(folder, 'bench.ts');
  const text = generateFile(5000, options.lines, true);
  fs.writeFileSync(filePath, text);
  const uri = pathToFileURL(filePath).href;
  const lines = text.split('\n');

  const heapFile = path.join(scratch, 'server-heap.txt');
  const child = spawn(process.execPath, ['--expose-gc', '--require', options.heapProbe, serverJs, '--stdio'], {
    cwd: folder,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LEAKLINT_BENCH_HEAP_FILE: heapFile },
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const settings = { debounceMs: 0 };
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
  // What a server may ask of an editor: accepted, not acted on.
  for (const type of [RegistrationRequest.type, UnregistrationRequest.type, WorkDoneProgressCreateRequest.type, DiagnosticRefreshRequest.type]) {
    connection.onRequest(type.method, () => null);
  }
  connection.onRequest(ShowMessageRequest.type, () => null);
  connection.onRequest(WorkspaceFoldersRequest.type, () => [{ uri: pathToFileURL(folder).href, name: 'bench' }]);
  const log = new DiagnosticsLog(connection);
  connection.listen();

  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } },
      },
      initializationOptions: { settings },
    });
    await connection.sendNotification(InitializedNotification.type, {});

    const forUri = (target: string, version?: number) => (params: PublishDiagnosticsParams) =>
      params.uri === target && (version === undefined || params.version === undefined || params.version === version);
    let sent = performance.now();
    const opened = log.next(forUri(uri, 1), 'the opened document');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const openMs = (await opened) - sent;

    const random = seededRandom(42);
    let version = 1;
    const edit = async () => {
      // A space typed at the end of some line: one character, and the whole file is linted again.
      const line = Math.floor(random() * lines.length);
      const character = lines[line].length;
      lines[line] += ' ';
      version++;
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ' ' }],
      });
    };

    const latencies: number[] = [];
    const memory: ServerMemory = {};
    for (let i = 0; i < options.edits; i++) {
      const arrived = log.next(forUri(uri, version + 1), `version ${version + 1}`);
      sent = performance.now();
      await edit();
      latencies.push((await arrived) - sent);
      if (i === 0) {
        memory.heapAfterFirstEditMb = await heapMb(connection);
        memory.rssAfterFirstEditMb = residentMb(child.pid!);
        memory.heapAfterGcFirstEditMb = await heapAfterGcMb(child.pid!, heapFile);
      }
    }
    memory.heapAfterLastEditMb = await heapMb(connection);
    memory.rssAfterLastEditMb = residentMb(child.pid!);
    memory.heapAfterGcLastEditMb = await heapAfterGcMb(child.pid!, heapFile);
    const versioned = log.pushes.some(({ params }) => params.uri === uri && params.version !== undefined);

    const burstSize = 20;
    const firstOfBurst = version + 1;
    const lastOfBurst = version + burstSize;
    const pushesBefore = log.pushes.length;
    const settled = log.next(forUri(uri, lastOfBurst), `the last edit of a burst (version ${lastOfBurst})`);
    for (let i = 0; i < burstSize; i++) {
      sent = performance.now();
      await edit();
    }
    const settleMs = (await settled) - sent;
    // Give stale lints, if any were queued, the time to show up.
    await new Promise((resolve) => setTimeout(resolve, Math.max(250, 3 * median(latencies))));
    const burstPushes = log.pushes.slice(pushesBefore).filter(({ params }) => params.uri === uri);
    const burstVersions = burstPushes.map(({ params }) => params.version ?? -1);
    const burst: BurstFigures = {
      edits: burstSize,
      stalePushes: burstVersions.filter((v) => v >= firstOfBurst && v < lastOfBurst).length,
      newestPublished: burstVersions.includes(lastOfBurst),
      newestWasLast: burstVersions.at(-1) === lastOfBurst,
      settleMs,
    };

    const skipped: SkipCheck[] = [];
    const minified = `${'var a=function(b){return b+1},c=[1,2,3].map(a);'.repeat(200)}\n`;
    const large = 'export const value = 1;\n'.repeat(Math.ceil((1024 * 1024 + 1) / 24));
    for (const [what, name, content] of [['minified', 'min.js', minified], ['over 1 MB', 'big.ts', large]] as const) {
      const skippedUri = pathToFileURL(path.join(folder, name)).href;
      fs.writeFileSync(path.join(folder, name), content);
      const arrived = log.next(forUri(skippedUri), what);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: skippedUri, languageId: name.endsWith('.js') ? 'javascript' : 'typescript', version: 1, text: content },
      });
      await arrived;
      const diagnostics = log.pushes.filter(({ params }) => params.uri === skippedUri).at(-1)!.params.diagnostics.map(describe);
      skipped.push({ what, diagnostics, ok: diagnostics.length === 1 && diagnostics[0] === 'file-skipped/3' });
    }

    return {
      lines: lines.length,
      edits: options.edits,
      openMs,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: Math.max(...latencies),
      versioned,
      burst,
      memory,
      skipped,
    };
  } finally {
    await Promise.race([connection.sendRequest(ShutdownRequest.type).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    connection.dispose();
    setTimeout(() => child.kill(), 1000).unref();
  }
}
