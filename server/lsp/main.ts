import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { allRules } from '../../rules';
import { ConfigError, ConfigResolver } from '../engine/config';
import { lintContent } from '../engine/lint-file';
import { RuleRegistry } from '../engine/registry';
import type { Finding } from '../engine/rule';

// The connection picks its transport from the command line: --stdio, --node-ipc or --socket.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const registry = new RuleRegistry(allRules);
const resolver = new ConfigResolver({
  registry,
  onError: (error: ConfigError) => connection.window.showErrorMessage(`LeakLint: ${error.message}`),
});

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: {
      start: { line: finding.startPos.line - 1, character: finding.startPos.column - 1 },
      end: { line: finding.endPos.line - 1, character: finding.endPos.column - 1 },
    },
    severity: SEVERITY[finding.severity],
    source: 'leaklint',
    code: finding.ruleId,
    message: finding.message,
  };
}

function lint(document: TextDocument): void {
  if (!document.uri.startsWith('file:')) return;
  const filePath = fileURLToPath(document.uri);
  const text = document.getText();
  const result = lintContent(filePath, text, Buffer.byteLength(text), resolver.forFile(filePath), { knownRuleIds: registry.ids });
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: result.findings.map(toDiagnostic) });
}

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((event) => lint(event.document));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
