import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../rules';
import { CONFIG_FILE_NAME } from '../engine/config';
import { forgetTree, setIncrementalParsing } from '../engine/linter';
import { RuleRegistry } from '../engine/registry';
import { warmUp } from '../engine/warm-up';
import { VERSION } from '../version';
import { codeActionsFor } from './code-actions';
import { registerCommands } from './commands';
import { ConfigResolvers } from './config-resolvers';
import { DiagnosticsPublisher } from './diagnostics-publisher';
import { DocumentLinting } from './document-linting';
import { fixAllEdits } from './fix-all';
import { lintTargetOf, LintRunner } from './lint-runner';
import { ProblemReporter } from './problems';
import { APPLY_FIX_ALL_COMMAND, FIX_ALL_KIND, INTERNAL_STATE_REQUEST, SCAN_WORKSPACE_REQUEST, SERVER_ID, SHOW_DOCUMENTATION_COMMAND, type InternalState, type ScanWorkspaceParams } from './protocol';
import { scanProgressFor } from './scan-progress';
import { SettingsStore } from './settings-store';
import { fileUriOf, fsPathOf, WorkspaceFolders } from './workspace-folders';
import { WorkspaceScanner } from './workspace-scan';

interface ClientSupport {
  pullDiagnostics: boolean;
  configuration: boolean;
  watchedFilesRegistration: boolean;
  configurationChangeRegistration: boolean;
  diagnosticsRefresh: boolean;
  documentChanges: boolean;
  serverProgress: boolean;
  showDocument: boolean;
  workspaceFolders: boolean;
}

function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    configuration: capabilities.workspace?.configuration === true,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationChangeRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    diagnosticsRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    serverProgress: capabilities.window?.workDoneProgress === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
  };
}

/** Open documents whose last tree is kept for incremental re-parsing (least recently linted dropped first). */
const INCREMENTAL_DOCUMENTS = 16;

/** How long no document must have been linted before a step of the start-up warm-up runs. */
const WARM_UP_QUIET_MS = 250;

/** Wires the LeakLint language server onto a connection (any transport). */
export function startServer(connection: Connection): { problems: ProblemReporter } {
  // Open documents are linted again after every edit: re-parse each from its last tree.
  setIncrementalParsing(INCREMENTAL_DOCUMENTS);
  const documents = new TextDocuments(TextDocument);
  const registry = new RuleRegistry(allRules);
  const folders = new WorkspaceFolders();
  let support: ClientSupport = clientSupport({});

  const showDocument = (uri: string, external: boolean) => {
    if (support.showDocument) void connection.window.showDocument({ uri, external, takeFocus: true }).catch(() => undefined);
    else void connection.window.showInformationMessage(uri);
  };
  const problems = new ProblemReporter({
    showError: async (message, actionTitle) => {
      const picked = actionTitle
        ? await connection.window.showErrorMessage(message, { title: actionTitle })
        : await connection.window.showErrorMessage(message);
      return picked !== undefined;
    },
    log: (details) => connection.console.error(details),
  });
  const resolvers = new ConfigResolvers(registry, problems, () => folders.localPaths, (file) => showDocument(fileUriOf(file), false));
  const reportSettingsProblems = (found: string[]) => problems.report({
    key: `settings:${found.join()}`,
    message: `LeakLint: ${found[0]}; using the default instead.`,
    details: found.join('\n'),
  });
  let settingsStore = new SettingsStore((scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: SERVER_ID }), reportSettingsProblems);
  const runner = new LintRunner(registry, resolvers, folders, problems);
  const publisher = new DiagnosticsPublisher((params) => void connection.sendDiagnostics(params));
  let linting: DocumentLinting | undefined;
  /** Open documents by file path, so the scan finds them without parsing every URI per file. */
  const openUriByPath = new Map<string, string>();
  const scanner = new WorkspaceScanner({
    folders,
    // Not cached: the settings cache holds open documents only, so closing them leaves nothing.
    settingsForFolder: (folder) => settingsStore.get(folder.uri, () => false),
    resolvers,
    runner,
    registry,
    publisher,
    openDocumentAt: (fsPath) => {
      const uri = openUriByPath.get(fsPath);
      const document = uri === undefined ? undefined : documents.get(uri);
      return document && { uri: document.uri, languageId: document.languageId, text: document.getText() };
    },
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = clientSupport(params.capabilities);
    if (!support.configuration) {
      // Clients that cannot be asked per document get one set of settings for everything.
      settingsStore = new SettingsStore(undefined, reportSettingsProblems);
    }
    const initializationSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    if (initializationSettings !== undefined) settingsStore.setDefaults(initializationSettings);
    const rootFolder = params.rootUri ? [{ uri: params.rootUri, name: path.basename(fsPathOf(params.rootUri) ?? params.rootUri) }] : [];
    folders.set(params.workspaceFolders ?? rootFolder);
    linting = new DocumentLinting(documents, settingsStore, runner, registry, publisher, support.pullDiagnostics ? 'pull' : 'push', () => {
      if (support.diagnosticsRefresh) connection.languages.diagnostics.refresh();
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [APPLY_FIX_ALL_COMMAND, SHOW_DOCUMENTATION_COMMAND] },
        diagnosticProvider: support.pullDiagnostics ? { identifier: SERVER_ID, interFileDependencies: false, workspaceDiagnostics: false } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'LeakLint', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (support.watchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
    }
    if (support.configurationChangeRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SERVER_ID });
    }
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        folders.change(event.added, event.removed);
        resolvers.clear();
        settingsStore.clear();
        linting?.relintAll();
      });
    }
    connection.console.info(`LeakLint ${VERSION} started (${allRules.length} rules, ${linting?.mode} diagnostics, Node ${process.version}).`);
    // Only while no document is being linted: the warm-up must not delay a real lint.
    const whenQuiet = (step: () => void) => {
      if (!linting || linting.isQuiet(WARM_UP_QUIET_MS)) setImmediate(step);
      else setTimeout(() => whenQuiet(step), WARM_UP_QUIET_MS).unref();
    };
    warmUp(allRules, whenQuiet);
  });

  const relintEverything = () => {
    linting?.relintAll();
    void scanner.relintLastScan();
  };

  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((change) => change.uri.endsWith(`/${CONFIG_FILE_NAME}`))) return;
    resolvers.clear();
    relintEverything();
  });

  connection.onDidChangeConfiguration((params) => {
    const pushed = (params.settings as { leaklint?: unknown } | null | undefined)?.leaklint;
    if (!support.configuration && pushed !== undefined) settingsStore.setDefaults(pushed);
    settingsStore.clear();
    relintEverything();
  });

  documents.onDidOpen((event) => {
    const fsPath = fsPathOf(event.document.uri);
    if (fsPath) openUriByPath.set(fsPath, event.document.uri);
    linting?.opened(event.document);
  });
  documents.onDidChangeContent((event) => linting?.changed(event.document));
  documents.onDidSave((event) => linting?.saved(event.document));
  documents.onDidClose((event) => {
    const fsPath = fsPathOf(event.document.uri);
    if (fsPath && openUriByPath.get(fsPath) === event.document.uri) openUriByPath.delete(fsPath);
    linting?.closed(event.document.uri);
    forgetTree(lintTargetOf(event.document.uri, event.document.languageId).filePath);
  });

  connection.languages.diagnostics.on((params, token) => linting!.pull(params.textDocument.uri, params.previousResultId, token));

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !linting) return [];
    const version = document.version;
    return codeActionsFor({
      document,
      params,
      registry,
      currentDiagnostics: linting.current(document.uri)?.diagnostics,
      supportsDocumentChanges: support.documentChanges,
      fixAll: async () => {
        const current = await settingsStore.get(document.uri, () => linting!.isTracked(document.uri));
        // The edits are for this version only; a newer document gets its own request.
        if (documents.get(document.uri)?.version !== version) return undefined;
        return fixAllEdits(document, current, runner);
      },
    });
  });

  registerCommands(connection, {
    documents,
    settingsFor: (uri) => settingsStore.get(uri, () => linting?.isTracked(uri) === true),
    runner,
    supportsDocumentChanges: () => support.documentChanges,
    openExternal: (uri) => showDocument(uri, true),
  });

  connection.onRequest(SCAN_WORKSPACE_REQUEST, async (params: ScanWorkspaceParams | undefined, token) => {
    const progress = await scanProgressFor(connection, params?.workDoneToken, support.serverProgress);
    return scanner.scan(progress.reporter, () => token.isCancellationRequested || progress.isCancelled());
  });

  connection.onRequest(INTERNAL_STATE_REQUEST, (): InternalState => {
    const counts = linting?.counts() ?? { documentStates: 0, pendingLintTimers: 0, inFlightLints: 0, cachedResults: 0 };
    return {
      openDocuments: documents.all().length,
      pendingLintTimers: counts.pendingLintTimers,
      inFlightLints: counts.inFlightLints,
      cachedResults: counts.cachedResults,
      cachedSettings: settingsStore.size,
      documentStates: counts.documentStates,
      publishedDiagnostics: publisher.uris,
      lastScanFiles: scanner.lastScanFileCount,
      configResolvers: resolvers.size,
      reportedProblems: problems.size,
      diagnosticsMode: linting?.mode ?? 'push',
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  });

  documents.listen(connection);
  connection.listen();
  return { problems };
}
