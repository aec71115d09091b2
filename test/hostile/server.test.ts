import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { printable } from '../../server/engine/printable';
import { LspSession } from '../soak/lsp-session';
import { perDocumentState } from '../soak/soak';
import { assertExpectation, assertNoStackTrace, seenIn } from './expectations';
import { ALL_FILE_INPUTS, CONTROL_CHARACTER_NAME, type HostileInput } from './inputs';
import { makeHostileTree, type HostileTree } from './tree';

const LANGUAGE_IDS: Record<string, string> = { '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact' };

function languageIdOf(file: string): string {
  return LANGUAGE_IDS[path.extname(file)] ?? 'typescript';
}

/** The text an editor sends for the file: its own decoding when it has one, else the bytes as UTF-8 (lossy, like an editor forced to open binary). */
function editorText(input: HostileInput): string {
  return input.editorText ? input.editorText() : input.bytes().toString('utf8');
}

describe('hostile input: the language server', function () {
  this.timeout(300_000);
  let tree: HostileTree;
  let session: LspSession;

  before(async () => {
    tree = makeHostileTree([]);
    session = await LspSession.start({ folder: tree.dir, settings: { debounceMs: 0 } });
  });
  after(async () => {
    await session?.stop();
    tree?.remove();
  });

  for (const input of [...ALL_FILE_INPUTS, { path: CONTROL_CHARACTER_NAME, about: 'a newline and an escape sequence in the name', bytes: () => Buffer.from(''), expect: { kind: 'clean' } } as HostileInput]) {
    // printable: the test's own title must not put a control character into the CI log either.
    it(`${input.about} (${printable(input.path.split('/').pop()!)}): diagnostics as expected, and it keeps answering`, async () => {
      const file = path.join(tree.dir, ...input.path.split('/'));
      const text = editorText(input);
      const uri = await session.open(file, text, languageIdOf(file));
      const diagnostics = await session.diagnostics(uri);
      assertExpectation(input.path, input.editorExpect ?? input.expect, seenIn(diagnostics));

      // Typing at the end of a hostile file, then asking for code actions over all of it.
      const lines = text.split(/\r\n|\r|\n|\u2028|\u2029/);
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const edited = await session.edit(uri, { start: end, end }, '\nconst typed = ');
      const afterEdit = await session.diagnostics(uri, edited);
      const actions = await session.codeActions(uri, { start: { line: 0, character: 0 }, end }, afterEdit);
      assert.ok(Array.isArray(actions), 'code actions answer with a list');
      await session.close(uri);
      await session.cleared(uri);
      assert.ok(session.isRunning, 'the server is still running');
    });
  }

  const HOSTILE_URIS = [
    'untitled:Untitled-1',
    'vscode-vfs://github/owner/repo/src/leak.ts',
    'file:///tmp/encoded%2Fslash.ts',
    'file://remote-host/share/leak.ts',
    'file:///tmp/leak.ts?query=1#fragment',
    `file:///tmp/${'very-long-name-'.repeat(400)}.ts`,
  ];
  for (const uri of HOSTILE_URIS) {
    it(`lints a document at an unusual URI (${uri.slice(0, 60)}) with the defaults`, async () => {
      const leak = 'export function handle() { const log = pino(); log.info(1); }\n';
      const opened = await session.openUri(uri, leak);
      assertExpectation(uri, { kind: 'finding', ruleId: 'logger-per-call', line: 1, column: 40 }, seenIn(await session.diagnostics(opened)));
      await session.close(opened);
      await session.cleared(opened);
    });
  }

  it('has nothing left for the closed documents, showed no message and no stack trace', async () => {
    const state = await session.internalState();
    for (const [name, count] of Object.entries(perDocumentState(state))) assert.equal(count, 0, name);
    assert.deepEqual(session.messages, [], 'hostile files are diagnostics, never pop-up errors');
    assertNoStackTrace('server stderr', session.stderr);
  });
});
