import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  DocumentDiagnosticRequest,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { SCAN_WORKSPACE_REQUEST } from '../../server/lsp/protocol';
import { makeTempTree } from '../helpers';
import { LEAKY, leakyFunctions } from './fixtures';
import { TestClient, uriOf } from './lsp-client';

describe('language server: pull diagnostics (LSP 3.17)', function () {
  let tree: ReturnType<typeof makeTempTree>;
  let client: TestClient;

  beforeEach(async () => {
    tree = makeTempTree({ 'src/a.ts': LEAKY, 'src/b.ts': leakyFunctions(2) });
    client = await TestClient.start({ folders: [tree.dir], pull: true });
  });
  afterEach(async () => {
    await client.stop();
    tree.remove();
  });

  function pull(uri: string, previousResultId?: string, token?: CancellationTokenSource): Promise<DocumentDiagnosticReport> {
    return client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId }, token?.token) as Promise<DocumentDiagnosticReport>;
  }

  it('announces a diagnostic provider and answers pulls, never pushing for open documents', async () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'leaklint', interFileDependencies: false, workspaceDiagnostics: false });
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const report = await pull(uri) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map((d) => [d.code, d.source, d.codeDescription?.href !== undefined]), [['logger-per-call', 'leaklint', true]]);
    const unchanged = await pull(uri, report.resultId);
    assert.deepEqual(unchanged, { kind: 'unchanged', resultId: report.resultId });

    await client.change(uri, leakyFunctions(3));
    const changed = await pull(uri, report.resultId) as FullDocumentDiagnosticReport;
    assert.equal(changed.items.length, 3);
    assert.ok(!client.events.some((event) => event.kind === 'diagnostics' && event.params.uri === uri), 'no push for a pulled document');
    assert.equal((await client.internalState()).diagnosticsMode, 'pull');
  });

  it('answers a pull for an outdated version with a retrigger, and cancels on request', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await pull(uri);
    await client.change(uri, leakyFunctions(2));
    const outdated = pull(uri);
    await client.change(uri, leakyFunctions(3));
    await assert.rejects(outdated, (error: { code: number; data?: { retriggerRequest: boolean } }) => error.code === -32802 && error.data?.retriggerRequest === true);
    const cancellation = new CancellationTokenSource();
    await client.change(uri, leakyFunctions(4));
    const cancelled = pull(uri, undefined, cancellation);
    cancellation.cancel();
    await assert.rejects(cancelled);
    const fresh = await pull(uri) as FullDocumentDiagnosticReport;
    assert.equal(fresh.items.length, 4);
  });

  it('asks the client to pull again when the config changes, and the scan\'s pushed results give way to pulls on open', async () => {
    const a = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await pull(a);
    await client.connection.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    const b = uriOf(path.join(tree.dir, 'src/b.ts'));
    assert.equal((await client.diagnosticsFor(b)).diagnostics.length, 2, 'an unopened file gets pushed scan results');
    assert.ok(!client.events.some((event) => event.kind === 'diagnostics' && event.params.uri === a), 'the open one is left to pulls');

    let from = client.mark;
    await client.open(path.join(tree.dir, 'src/b.ts'), leakyFunctions(2));
    assert.deepEqual((await client.diagnosticsFor(b, from)).diagnostics, [], 'pushed results are withdrawn once the file is pulled');
    assert.equal(((await pull(b)) as FullDocumentDiagnosticReport).items.length, 2);

    from = client.mark;
    const config = path.join(tree.dir, '.leaklintrc.json');
    fs.writeFileSync(config, '{ "rules": { "logger-per-call": "off" } }');
    await client.configFileChanged(config);
    await client.waitFor((event) => (event.kind === 'refresh' ? true : undefined), from, 'workspace/diagnostic/refresh');
    assert.deepEqual(((await pull(a)) as FullDocumentDiagnosticReport).items, []);
  });

  it('leaves no state behind after close', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await pull(uri);
    await client.change(uri, leakyFunctions(2));
    const pending = pull(uri);
    await client.close(uri);
    await assert.rejects(pending);
    const state = await client.internalState();
    assert.deepEqual([state.openDocuments, state.documentStates, state.pendingLintTimers, state.inFlightLints, state.cachedResults, state.cachedSettings, state.publishedDiagnostics.length], [0, 0, 0, 0, 0, 0, 0]);
  });
});
