import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, MessageType } from 'vscode-languageserver-protocol/node';
import { makeTempTree } from '../helpers';
import { LEAKY } from './fixtures';
import { TestClient } from './lsp-client';

describe('language server: configuration', function () {
  let tree: ReturnType<typeof makeTempTree>;
  let client: TestClient;
  let configFile: string;

  beforeEach(async () => {
    tree = makeTempTree({ 'src/a.ts': LEAKY, '.leaklintrc.json': '{ "rules": { "logger-per-call": "error" } }' });
    configFile = path.join(tree.dir, '.leaklintrc.json');
  });
  afterEach(async () => {
    await client.stop();
    tree.remove();
  });

  it('watches .leaklintrc.json and re-lints open documents when it changes', async () => {
    client = await TestClient.start({ folders: [tree.dir] });
    const registered = await client.waitFor((event) => (event.kind === 'register' ? event.methods : undefined));
    assert.ok(registered.includes('workspace/didChangeWatchedFiles'));
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const first = await client.diagnosticsFor(uri);
    assert.equal(first.diagnostics[0].severity, DiagnosticSeverity.Error);

    let from = client.mark;
    fs.writeFileSync(configFile, '{ "rules": { "logger-per-call": "off" } }');
    await client.configFileChanged(configFile);
    assert.deepEqual((await client.diagnosticsFor(uri, from)).diagnostics, []);

    from = client.mark;
    fs.writeFileSync(configFile, '{ "rules": { "logger-per-call": "info" } }');
    await client.configFileChanged(configFile);
    const info = await client.diagnosticsFor(uri, from);
    assert.equal(info.diagnostics[0].severity, DiagnosticSeverity.Information);
  });

  it('applies leaklint.rules over the config file and follows settings changes', async () => {
    client = await TestClient.start({ folders: [tree.dir], settings: { rules: { 'logger-per-call': 'info' } } });
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const first = await client.diagnosticsFor(uri);
    assert.equal(first.diagnostics[0].severity, DiagnosticSeverity.Information, 'the setting wins over "error" in the file');
    let from = client.mark;
    await client.settingsChanged({ rules: { 'logger-per-call': 'off' } });
    assert.deepEqual((await client.diagnosticsFor(uri, from)).diagnostics, []);
    from = client.mark;
    await client.settingsChanged({ rules: {} });
    assert.equal((await client.diagnosticsFor(uri, from)).diagnostics[0].severity, DiagnosticSeverity.Error);
    from = client.mark;
    await client.settingsChanged({ enable: false });
    assert.deepEqual((await client.diagnosticsFor(uri, from)).diagnostics, []);
  });

  it('honours leaklint.exclude for open documents', async () => {
    client = await TestClient.start({ folders: [tree.dir], settings: { exclude: ['src/**'] } });
    const excluded = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const included = await client.open(path.join(tree.dir, 'b.ts'), LEAKY);
    await client.diagnosticsFor(included, 0, (p) => p.diagnostics.length === 1);
    const state = await client.internalState();
    assert.ok(!state.publishedDiagnostics.includes(excluded));
    assert.ok(!client.events.some((event) => event.kind === 'diagnostics' && event.params.uri === excluded && event.params.diagnostics.length > 0));
  });

  it('reports a broken config once, keeps linting with the rest, and recovers when it is fixed', async () => {
    client = await TestClient.start({ folders: [tree.dir] });
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    await client.diagnosticsFor(uri);
    let from = client.mark;
    fs.writeFileSync(configFile, '{ "rules": { "logger-per-call": "warn" ');
    await client.configFileChanged(configFile);
    const message = await client.waitFor((event) => (event.kind === 'message' ? event : undefined), from, 'an error message');
    assert.equal(message.type, MessageType.Error);
    assert.match(message.message, /\.leaklintrc\.json is invalid/);
    assert.deepEqual(message.actions, ['Open Config File']);
    // The broken file is left out: defaults apply, and the server keeps answering as the user types.
    const fallback = await client.diagnosticsFor(uri, from);
    assert.equal(fallback.diagnostics[0].severity, DiagnosticSeverity.Warning);
    for (let i = 0; i < 5; i++) {
      const version = await client.change(uri, LEAKY + `// edit ${i}\n`);
      await client.diagnosticsFor(uri, from, (p) => p.version === version);
    }
    const messages = client.events.slice(from).filter((event) => event.kind === 'message');
    assert.equal(messages.length, 1, 'one message, not one per keystroke');
    assert.ok(client.events.slice(from).some((event) => event.kind === 'log' && event.message.includes('invalid JSON')), 'details in the log');
    assert.equal((await client.internalState()).openDocuments, 1);

    from = client.mark;
    fs.writeFileSync(configFile, '{ "rules": { "logger-per-call": "error" } }');
    await client.configFileChanged(configFile);
    assert.equal((await client.diagnosticsFor(uri, from)).diagnostics[0].severity, DiagnosticSeverity.Error);
  });

  it('reports an invalid leaklint.rules entry once and ignores it', async () => {
    client = await TestClient.start({ folders: [tree.dir], settings: { rules: { 'logger-per-cal': 'off' }, debounceMs: 'soon' } });
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const published = await client.diagnosticsFor(uri);
    assert.equal(published.diagnostics.length, 1);
    const messages = await client.waitFor((event) => {
      const found = client.events.filter((e) => e.kind === 'message');
      return found.length >= 2 ? found : undefined;
    });
    const text = messages.map((m) => (m.kind === 'message' ? m.message : '')).join('\n');
    assert.match(text, /did you mean "logger-per-call"/);
    assert.match(text, /leaklint\.debounceMs must be a number/);
  });

  it('takes settings from initializationOptions when the client has no workspace/configuration', async () => {
    client = await TestClient.start({
      folders: [tree.dir],
      configuration: false,
      initializationOptions: { settings: { rules: { 'logger-per-call': 'info' }, debounceMs: 0 } },
    });
    const uri = await client.open(path.join(tree.dir, 'src/a.ts'), LEAKY);
    const published = await client.diagnosticsFor(uri);
    assert.equal(published.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.ok(!client.events.some((event) => event.kind === 'configuration'));
    const from = client.mark;
    await client.settingsChanged({ rules: { 'logger-per-call': 'off' } });
    assert.deepEqual((await client.diagnosticsFor(uri, from)).diagnostics, []);
  });
});
