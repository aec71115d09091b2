import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FixAllOutcome, ScanSummary } from '../../../server/lsp/protocol';

const EXTENSION_ID = 'leaklint.leaklint';
const WAIT_LIMIT_MS = 30_000;

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function leaklintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'leaklint');
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves when the file's LeakLint diagnostics satisfy `accept`; driven by diagnostic events, not polling. */
function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = leaklintDiagnostics(uri);
      if (accept(diagnostics)) {
        cleanup();
        resolve(diagnostics);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out waiting for ${what}; ${uri.path} has ${JSON.stringify(leaklintDiagnostics(uri).map((d) => [ruleOf(d), d.range.start.line]))}`));
    }, WAIT_LIMIT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

async function openAndShow(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  // Pulled diagnostics are kept for visible documents only.
  await vscode.window.showTextDocument(document);
  return document;
}

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

describe('LeakLint in VS Code', function () {
  this.timeout(90_000);

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
  });

  it('activates and registers its commands', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['leaklint.scanWorkspace', 'leaklint.fixAllInFile', 'leaklint.showOutput', 'leaklint.restartServer']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  it('shows a diagnostic with the rule and its docs link for a leaky file', async () => {
    const document = await openAndShow('src/leaky.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.length > 0, 'a diagnostic in leaky.ts');
    assert.equal(ruleOf(diagnostic), 'logger-per-call');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 3);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/logger-per-call\.md$/);
  });

  it('applies the preferred quick fix and the diagnostic disappears', async () => {
    const document = await openAndShow('src/leaky.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.length > 0, 'a diagnostic in leaky.ts');
    const actions = await codeActionsAt(document.uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Disable logger-per-call for this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for logger-per-call'), titles.join(' | '));
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among ${titles.join(' | ')}`);
    const before = document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.notEqual(document.getText(), before);
    await waitForDiagnostics(document.uri, (d) => !d.some((other) => other.message === diagnostic.message), 'the fixed diagnostic to go');
  });

  it('suppresses a finding with "Disable <rule> for this line"', async () => {
    const document = await openAndShow('src/suppress.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.length > 0, 'a diagnostic in suppress.ts');
    const actions = await codeActionsAt(document.uri, diagnostic.range);
    const disable = actions.find((action) => action.title === 'Disable logger-per-call for this line');
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(document.lineAt(diagnostic.range.start.line).text, '    // leaklint-disable-next-line logger-per-call');
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics in suppress.ts');
  });

  it('"LeakLint: Fix All in File" fixes every auto-fixable problem', async () => {
    const document = await openAndShow('src/fix-all.ts');
    await waitForDiagnostics(document.uri, (d) => d.length === 2, 'two diagnostics in fix-all.ts');
    const outcome = await vscode.commands.executeCommand<FixAllOutcome>('leaklint.fixAllInFile');
    assert.deepEqual(outcome, { applied: true });
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics in fix-all.ts');
  });

  it('"LeakLint: Scan Workspace" fills diagnostics for files that were never opened', async () => {
    const unopened = [workspaceFile('src/unopened/jobs.ts'), workspaceFile('src/unopened/worker.js')];
    for (const uri of unopened) {
      assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), `${uri.path} is not open`);
      assert.equal(leaklintDiagnostics(uri).length, 0);
    }
    const summary = await vscode.commands.executeCommand<ScanSummary>('leaklint.scanWorkspace');
    assert.ok(summary, 'the scan returns its summary');
    assert.equal(summary.cancelled, false);
    assert.ok(summary.files >= 7, `${summary.files} files scanned`);
    assert.ok((summary.findingsByRule['logger-per-call'] ?? 0) >= 3, JSON.stringify(summary.findingsByRule));
    for (const uri of unopened) {
      const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length > 0, `scan results for ${uri.path}`);
      assert.equal(ruleOf(diagnostic), 'logger-per-call');
    }
  });
});
