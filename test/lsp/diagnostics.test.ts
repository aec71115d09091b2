import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ruleDocsUrl } from '../../server/engine/docs';
import { makeTempTree } from '../helpers';
import { LEAKY, leakyFunctions } from './fixtures';
import { TestClient } from './lsp-client';

describe('language server: diagnostics (push)', function () {
  let tree: ReturnType<typeof makeTempTree>;
  let client: TestClient;

  beforeEach(async () => {
    tree = makeTempTree({ 'src/a.ts': LEAKY });
    client = await TestClient.start({ folders: [tree.dir] });
  });
  afterEach(async () => {
    await client.stop();
    tree.remove();
  });

  it('publishes a diagnostic with source, rule code, docs link, severity and fix data on open', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const published = await client.diagnosticsFor(uri);
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.source, 'leaklint');
    assert.equal(diagnostic.code, 'logger-per-call');
    assert.equal(diagnostic.codeDescription?.href, ruleDocsUrl('logger-per-call'));
    assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(diagnostic.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 20 } });
    assert.match(diagnostic.message, /constructed on every call/);
    const data = diagnostic.data as { version: number; docsUrl: string; suggestions: unknown[] };
    assert.equal(data.version, 1);
    assert.equal(data.docsUrl, ruleDocsUrl('logger-per-call'));
    assert.ok(Array.isArray(data.suggestions));
  });

  it('follows edits as the user types and clears diagnostics when the leak is gone', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await client.diagnosticsFor(uri, 0, (p) => p.diagnostics.length === 1);
    const from = client.mark;
    const version = await client.change(uri, leakyFunctions(3));
    const three = await client.diagnosticsFor(uri, from);
    assert.equal(three.version, version);
    assert.equal(three.diagnostics.length, 3);
    const clean = await client.change(uri, `const log = console;\nexport function f() { log.info('x'); }\n`);
    const cleared = await client.diagnosticsFor(uri, from, (p) => p.version === clean);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('publishes only results that match their version when edits come faster than the debounce', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), leakyFunctions(1));
    await client.diagnosticsFor(uri, 0, (p) => p.version === 1);
    const from = client.mark;
    let last = 1;
    for (let count = 2; count <= 30; count++) last = await client.change(uri, leakyFunctions(count));
    const final = await client.diagnosticsFor(uri, from, (p) => p.version === last);
    assert.equal(final.diagnostics.length, last);
    const published = client.events.slice(from).flatMap((event) => (event.kind === 'diagnostics' && event.params.uri === uri ? [event.params] : []));
    for (const params of published) {
      // Version n of the text has n leaky functions: a mislabelled or stale result shows.
      assert.equal(params.diagnostics.length, params.version, `version ${params.version} published with ${params.diagnostics.length} findings`);
    }
    assert.ok(published.length < 29 / 2, `debounced: ${published.length} publishes for 29 edits`);
  });

  it('never publishes a version that was superseded while its lint was in flight', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), leakyFunctions(1));
    await client.diagnosticsFor(uri, 0, (p) => p.version === 1);
    await client.settingsChanged({ debounceMs: 0 });
    // Hold every settings answer: the lint of version 2 waits for its settings, in flight.
    let release!: () => void;
    client.configurationGate = new Promise<void>((resolve) => { release = resolve; });
    const from = client.mark;
    const v2 = await client.change(uri, leakyFunctions(2));
    await client.waitFor((event) => (event.kind === 'configuration' && event.scopeUris.includes(uri) ? true : undefined), from, 'settings request for v2');
    const inFlight = await client.internalState();
    assert.equal(inFlight.inFlightLints, 1);
    const v3 = await client.change(uri, leakyFunctions(3));
    release();
    client.configurationGate = undefined;
    const final = await client.diagnosticsFor(uri, from, (p) => p.version === v3);
    assert.equal(final.diagnostics.length, 3);
    const versions = client.events.slice(from).flatMap((event) => (event.kind === 'diagnostics' && event.params.uri === uri ? [event.params.version] : []));
    assert.ok(!versions.includes(v2), `version ${v2} was superseded but published: ${versions}`);
  });

  it('drops the result of a lint that an edit superseded while the lint ran', async function () {
    // Slow to lint, one finding: its diagnostics are a small message, quick to arrive.
    const slow = (variant: number) => {
      let text = leakyFunctions(1);
      for (let i = 0; i < 6000; i++) text += `export function g${i}(a: number) { const b = [a, a + ${variant}]; return b.map((x) => x * 2); }\n`;
      return text;
    };
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), leakyFunctions(1));
    await client.diagnosticsFor(uri, 0, (p) => p.version === 1);
    await client.settingsChanged({ debounceMs: 0 });
    // Once to fetch the settings and warm the server up, then once to time a lint of the slow text:
    // timed cold, the first lint can take four times as long as the next, and v4 would then be
    // sent just as v3's diagnostics are on their way, a race the server cannot see.
    const v2 = await client.change(uri, slow(2));
    await client.diagnosticsFor(uri, 0, (p) => p.version === v2);
    const started = performance.now();
    const timed = await client.change(uri, slow(5));
    await client.diagnosticsFor(uri, 0, (p) => p.version === timed);
    const lintMs = performance.now() - started;

    const from = client.mark;
    const v3 = await client.change(uri, slow(3));
    // Sent while the server is linting v3.
    await new Promise((resolve) => setTimeout(resolve, lintMs / 4));
    const sentV4 = client.mark;
    const v4 = await client.change(uri, leakyFunctions(3));
    const final = await client.diagnosticsFor(uri, from, (p) => p.version === v4);
    assert.equal(final.diagnostics.length, 3);
    const published = client.events.slice(from).flatMap((event, index) =>
      event.kind === 'diagnostics' && event.params.uri === uri ? [{ version: event.params.version, afterV4: from + index >= sentV4 }] : []);
    // A v3 result that came before v4 was sent was current when published; one after it was stale.
    const stale = published.filter((p) => p.version === v3 && p.afterV4);
    assert.deepEqual(stale, [], `version ${v3} was published after it was superseded (a lint takes about ${Math.round(lintMs)} ms)`);
  });

  it('lints on save only with leaklint.run = onSave', async () => {
    client.settings = { run: 'onSave' };
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await client.diagnosticsFor(uri, 0, (p) => p.version === 1 && p.diagnostics.length === 1);
    const from = client.mark;
    const v2 = await client.change(uri, leakyFunctions(2));
    const v3 = await client.change(uri, leakyFunctions(3));
    await client.save(uri);
    const saved = await client.diagnosticsFor(uri, from);
    assert.equal(saved.version, v3);
    assert.equal(saved.diagnostics.length, 3);
    const versions = client.events.slice(from).flatMap((event) => (event.kind === 'diagnostics' && event.params.uri === uri ? [event.params.version] : []));
    assert.ok(!versions.includes(v2));
  });

  it('clears diagnostics and forgets every per-document state on close', async () => {
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await client.diagnosticsFor(uri, 0, (p) => p.diagnostics.length === 1);
    await client.change(uri, leakyFunctions(2));
    const open = await client.internalState();
    assert.equal(open.openDocuments, 1);
    assert.equal(open.cachedSettings, 1);
    assert.deepEqual(open.publishedDiagnostics, [uri]);
    const from = client.mark;
    // Close with a lint timer pending: it must not fire into a closed document.
    await client.close(uri);
    const cleared = await client.diagnosticsFor(uri, from);
    assert.deepEqual(cleared.diagnostics, []);
    const state = await client.internalState();
    assert.deepEqual(
      { ...state, heapUsedBytes: 0, configResolvers: 0, reportedProblems: 0 },
      { openDocuments: 0, pendingLintTimers: 0, inFlightLints: 0, cachedResults: 0, cachedSettings: 0, documentStates: 0, publishedDiagnostics: [], lastScanFiles: 0, configResolvers: 0, reportedProblems: 0, diagnosticsMode: 'push', heapUsedBytes: 0 },
    );
  });

  it('lints untitled documents with the defaults', async () => {
    const uri = 'untitled:Untitled-1';
    client.documents.set(uri, (await import('vscode-languageserver-textdocument')).TextDocument.create(uri, 'javascript', 1, LEAKY.replace(': string', '')));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: LEAKY.replace(': string', '') } });
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['logger-per-call']);
  });
});
