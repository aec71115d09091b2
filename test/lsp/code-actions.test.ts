import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  type CodeAction,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { allRules } from '../../rules';
import { ConfigResolver } from '../../server/engine/config';
import { lintContent } from '../../server/engine/lint-file';
import { RuleRegistry } from '../../server/engine/registry';
import { APPLY_FIX_ALL_COMMAND, FIX_ALL_KIND, FIX_ALL_TITLE, SHOW_DOCUMENTATION_COMMAND } from '../../server/lsp/protocol';
import { makeTempTree, REPO_ROOT } from '../helpers';
import { LEAKY } from './fixtures';
import { TestClient } from './lsp-client';

/** Code that some fixable rule flags with a fix: known shapes first, then every fixable rule's docs examples. */
function fixableSamples(): string[] {
  const samples = [
    `export class Poller {\n  private timer = setInterval(() => this.poll(), 1000);\n  poll() {}\n  dispose() {}\n}\n`,
    `import pino from 'pino';\nexport function handle(id: string) {\n  const log = pino();\n  log.info(id);\n}\n`,
  ];
  for (const rule of allRules.filter((candidate) => candidate.meta.fixable)) {
    const page = path.join(REPO_ROOT, 'docs', 'rules', `${rule.meta.id}.md`);
    if (!fs.existsSync(page)) continue;
    for (const match of fs.readFileSync(page, 'utf8').matchAll(/```ts bad\n([\s\S]*?)```/g)) samples.push(match[1]);
  }
  return samples;
}

export function findFixableSample(dir: string): { text: string; ruleId: string; fixTitle: string } {
  const registry = new RuleRegistry(allRules);
  const config = new ConfigResolver({ registry, stopDirs: [dir] }).forFile(path.join(dir, 'x.ts'));
  for (const text of fixableSamples()) {
    const finding = lintContent(path.join(dir, 'sample.ts'), text, text.length, config).findings.find((candidate) => candidate.fix);
    if (finding) return { text, ruleId: finding.ruleId, fixTitle: finding.fix!.title };
  }
  throw new Error(`No rule produced a fix on any sample; fixable rules: ${allRules.filter((r) => r.meta.fixable).map((r) => r.meta.id).join(', ') || 'none'}`);
}

function fixedByEngine(dir: string, text: string): string {
  const registry = new RuleRegistry(allRules);
  const file = path.join(dir, 'fixable.ts');
  const config = new ConfigResolver({ registry, stopDirs: [dir] }).forFile(file);
  return lintContent(file, text, text.length, config, { fix: true }).fixedText ?? text;
}

describe('language server: code actions', function () {
  let tree: ReturnType<typeof makeTempTree>;
  let client: TestClient;

  beforeEach(async () => {
    tree = makeTempTree({ '.gitkeep': '' });
    client = await TestClient.start({ folders: [tree.dir] });
  });
  afterEach(async () => {
    await client.stop();
    tree.remove();
  });

  async function openWithFindings(name: string, text: string): Promise<{ uri: string; published: PublishDiagnosticsParams }> {
    const uri = await client.open(path.join(tree.dir, name), text);
    const published = await client.diagnosticsFor(uri, 0, (p) => p.diagnostics.length > 0);
    return { uri, published };
  }

  function actionsFor(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only },
    }) as Promise<CodeAction[]>;
  }

  /** Applies an action's edit the way an editor does, then waits for the diagnostics of the new text. */
  async function apply(uri: string, action: CodeAction): Promise<PublishDiagnosticsParams> {
    const from = client.mark;
    assert.ok(action.edit, `${action.title} has an edit`);
    assert.ok(client.applyWorkspaceEdit(action.edit!), `${action.title} applies`);
    const version = client.documents.get(uri)!.version;
    return client.diagnosticsFor(uri, from, (p) => p.version === version);
  }

  it('offers the rule fix as the preferred action, and applying it removes the finding', async () => {
    const sample = findFixableSample(tree.dir);
    const { uri, published } = await openWithFindings('fixable.ts', sample.text);
    const diagnostic = published.diagnostics.find((d) => d.code === sample.ruleId)!;
    const actions = await actionsFor(uri, diagnostic);
    const titles = actions.map((action) => action.title);
    assert.equal(titles[0], sample.fixTitle);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].kind, 'quickfix');
    for (const title of [`Disable ${sample.ruleId} for this line`, `Disable ${sample.ruleId} for the entire file`, `Show documentation for ${sample.ruleId}`, FIX_ALL_TITLE]) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
    }
    const edit = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(edit.textDocument, { uri, version: 1 });
    const after = await apply(uri, actions[0]);
    assert.ok(!after.diagnostics.some((d) => d.code === sample.ruleId && d.message === diagnostic.message), 'the fixed finding is gone');
  });

  it('"Disable <rule> for this line" inserts the comment at the line\'s indentation', async () => {
    const { uri, published } = await openWithFindings('a.ts', LEAKY);
    const actions = await actionsFor(uri, published.diagnostics[0]);
    const disable = actions.find((action) => action.title === 'Disable logger-per-call for this line')!;
    const after = await apply(uri, disable);
    assert.equal(client.text(uri), LEAKY.replace('  const log = pino();', '  // leaklint-disable-next-line logger-per-call\n  const log = pino();'));
    assert.deepEqual(after.diagnostics, []);
  });

  it('"Disable <rule> for the entire file" adds a file-wide comment', async () => {
    const { uri, published } = await openWithFindings('a.ts', LEAKY);
    const actions = await actionsFor(uri, published.diagnostics[0]);
    const after = await apply(uri, actions.find((action) => action.title === 'Disable logger-per-call for the entire file')!);
    assert.ok(client.text(uri).startsWith('/* leaklint-disable logger-per-call */\n'));
    assert.deepEqual(after.diagnostics, []);
  });

  it('"Show documentation" opens the rule page', async () => {
    const { uri, published } = await openWithFindings('a.ts', LEAKY);
    const actions = await actionsFor(uri, published.diagnostics[0]);
    const show = actions.find((action) => action.title === 'Show documentation for logger-per-call')!;
    assert.equal(show.command?.command, SHOW_DOCUMENTATION_COMMAND);
    const from = client.mark;
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: show.command!.command, arguments: show.command!.arguments });
    const opened = await client.waitFor((event) => (event.kind === 'showDocument' ? event.uri : undefined), from);
    assert.equal(opened, published.diagnostics[0].codeDescription!.href);
  });

  it('source.fixAll.leaklint fixes every auto-fixable problem in one versioned edit', async () => {
    const sample = findFixableSample(tree.dir);
    const text = sample.text + '\n' + LEAKY.replace(/handle/g, 'handle2');
    const { uri, published } = await openWithFindings('fixable.ts', text);
    const fixableBefore = published.diagnostics.filter((d) => (d.data as { fix?: unknown }).fix).length;
    assert.ok(fixableBefore >= 1);
    const actions = await actionsFor(uri, published.diagnostics[0], ['source.fixAll']);
    assert.deepEqual(actions.map((action) => [action.title, action.kind]), [[FIX_ALL_TITLE, FIX_ALL_KIND]]);
    const after = await apply(uri, actions[0]);
    assert.equal(after.diagnostics.filter((d) => (d.data as { fix?: unknown }).fix).length, 0);
    assert.equal(client.text(uri), fixedByEngine(tree.dir, text), 'the same text as leaklint --fix');
  });

  it('the fix-all command applies through workspace/applyEdit and refuses an outdated version', async () => {
    const sample = findFixableSample(tree.dir);
    const { uri } = await openWithFindings('fixable.ts', sample.text);
    const refused = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: APPLY_FIX_ALL_COMMAND, arguments: [{ uri, version: 0 }] });
    assert.equal((refused as { applied: boolean }).applied, false);
    assert.ok(!client.events.some((event) => event.kind === 'applyEdit'));
    const from = client.mark;
    const done = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: APPLY_FIX_ALL_COMMAND, arguments: [{ uri, version: 1 }] });
    assert.deepEqual(done, { applied: true });
    const after = await client.diagnosticsFor(uri, from, (p) => p.version === 2);
    assert.ok(!after.diagnostics.some((d) => (d.data as { fix?: unknown }).fix));
  });

  it('edits are bound to the version they were computed for', async () => {
    const sample = findFixableSample(tree.dir);
    const { uri, published } = await openWithFindings('fixable.ts', sample.text);
    const diagnostic = published.diagnostics.find((d) => d.code === sample.ruleId)!;
    const actions = await actionsFor(uri, diagnostic);
    const from = client.mark;
    await client.change(uri, '// an edit before the fix is applied\n' + sample.text);
    await client.diagnosticsFor(uri, from, (p) => p.version === 2);
    assert.equal(client.applyWorkspaceEdit(actions[0].edit!), false, 'an editor refuses an edit for version 1 on version 2');
    // A diagnostic of the old version brings no stale fix: its edits point into text that moved.
    const stale = await actionsFor(uri, diagnostic);
    assert.ok(!stale.some((action) => action.title === sample.fixTitle));
  });
});
