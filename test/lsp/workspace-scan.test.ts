import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { SCAN_WORKSPACE_REQUEST, type ScanSummary } from '../../server/lsp/protocol';
import { makeTempTree } from '../helpers';
import { LEAKY, leakyFunctions } from './fixtures';
import { TestClient, uriOf } from './lsp-client';

const CLEAN = `const log = console;\nexport function f() { log.info('x'); }\n`;

function bigWorkspace(files: number): Record<string, string> {
  const tree: Record<string, string> = {};
  for (let i = 0; i < files; i++) tree[`pkg${i % 10}/file${i}.ts`] = leakyFunctions(4);
  return tree;
}

describe('language server: workspace scan', function () {
  let tree: ReturnType<typeof makeTempTree>;
  let client: TestClient;

  afterEach(async () => {
    await client.stop();
    tree.remove();
  });

  it('lints the CLI\'s file selection, publishes findings of unopened files, reports progress and a summary', async () => {
    tree = makeTempTree({
      'src/leak1.ts': LEAKY,
      'src/leak2.js': leakyFunctions(2),
      'src/clean.ts': CLEAN,
      'src/types.d.ts': LEAKY,
      'ignored/leak.ts': LEAKY,
      '.gitignore': 'ignored/\n',
      'node_modules/pkg/leak.js': LEAKY,
      'dist/leak.js': LEAKY,
      'generated/leak.ts': LEAKY,
      'legacy/leak.ts': LEAKY,
      '.leaklintrc.json': '{ "ignore": ["legacy/**"] }',
    });
    client = await TestClient.start({ folders: [tree.dir], settings: { exclude: ['generated/**'] } });
    const summary: ScanSummary = await client.connection.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    assert.equal(summary.files, 3);
    assert.equal(summary.filesWithFindings, 2);
    assert.deepEqual(summary.findingsByRule, { 'logger-per-call': 3 });
    assert.equal(summary.findings, 3);
    assert.equal(summary.cancelled, false);
    assert.ok(summary.durationMs >= 0);

    const published = new Map<string, number>();
    for (const event of client.events) if (event.kind === 'diagnostics') published.set(event.params.uri, event.params.diagnostics.length);
    assert.deepEqual(Object.fromEntries(published), {
      [uriOf(path.join(tree.dir, 'src/leak1.ts'))]: 1,
      [uriOf(path.join(tree.dir, 'src/leak2.js'))]: 2,
    });

    const progress = client.events.flatMap((event) => (event.kind === 'progress' ? [event.value] : []));
    const begin = progress[0] as WorkDoneProgressBegin;
    assert.equal(begin.kind, 'begin');
    assert.equal(begin.cancellable, true);
    assert.match(begin.title, /LeakLint/);
    const last = progress[progress.length - 2] as WorkDoneProgressReport;
    assert.equal(last.percentage, 100);
    assert.match(last.message!, /^3\/3 files, 3 findings$/);
    assert.equal(progress[progress.length - 1].kind, 'end');
  });

  it('re-lints the last scan\'s files when the config changes', async () => {
    tree = makeTempTree({ 'src/leak1.ts': LEAKY, 'src/clean.ts': CLEAN });
    client = await TestClient.start({ folders: [tree.dir] });
    await client.connection.sendRequest(SCAN_WORKSPACE_REQUEST, {});
    const leak = uriOf(path.join(tree.dir, 'src/leak1.ts'));
    assert.equal((await client.internalState()).lastScanFiles, 2);
    const from = client.mark;
    const config = path.join(tree.dir, '.leaklintrc.json');
    fs.writeFileSync(config, '{ "rules": { "logger-per-call": "off" } }');
    await client.configFileChanged(config);
    assert.deepEqual((await client.diagnosticsFor(leak, from)).diagnostics, []);
    assert.deepEqual((await client.internalState()).publishedDiagnostics, []);
  });

  it('is cancelled from the progress, and answers edits while it runs', async () => {
    tree = makeTempTree(bigWorkspace(600));
    client = await TestClient.start({ folders: [tree.dir] });
    const scan = client.connection.sendRequest(SCAN_WORKSPACE_REQUEST, {}) as Promise<ScanSummary>;
    let scanDone = false;
    void scan.then(() => { scanDone = true; });
    const firstReport = await client.waitFor((event) => (event.kind === 'progress' && event.value.kind === 'report' ? event : undefined));

    // An edit during the scan gets its diagnostics while the scan is still running.
    const uri = await client.open(path.join(tree.dir, 'edited.ts'), leakyFunctions(2));
    const published = await client.diagnosticsFor(uri, 0, (p) => p.version === 1);
    assert.equal(published.diagnostics.length, 2);
    assert.equal(scanDone, false, 'diagnostics for the edit came before the scan finished');

    const token = firstReport.kind === 'progress' ? firstReport.token : '';
    await client.cancelProgress(token);
    const summary = await scan;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files > 0 && summary.files < 600, `${summary.files} files before cancelling`);
    assert.ok(client.events.some((event) => event.kind === 'progress' && event.token === token && event.value.kind === 'end'), 'the progress ends');
  });

  it('uses the client\'s progress token and stops when the request is cancelled', async () => {
    tree = makeTempTree(bigWorkspace(600));
    client = await TestClient.start({ folders: [tree.dir] });
    const token = 'client-token-1';
    client.watchProgress(token);
    const cancellation = new CancellationTokenSource();
    const scan = client.connection.sendRequest(SCAN_WORKSPACE_REQUEST, { workDoneToken: token }, cancellation.token) as Promise<ScanSummary>;
    await client.waitFor((event) => (event.kind === 'progress' && event.token === token && event.value.kind === 'report' ? true : undefined));
    cancellation.cancel();
    const outcome = await scan.then((summary) => summary, (error: Error) => error);
    if (outcome instanceof Error) assert.match(outcome.message, /cancel/i);
    else assert.equal(outcome.cancelled, true);
    const state = await client.internalState();
    assert.ok(state.lastScanFiles < 600, `${state.lastScanFiles} files scanned`);
  });
});
