import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { disableFileEdit, disableLineEdit } from '../../server/lsp/suppression-edits';
import { minimalEdit } from '../../server/lsp/text-edits';

function apply(text: string, edit: ReturnType<typeof disableLineEdit>): string {
  const document = TextDocument.create('file:///x.ts', 'typescript', 1, text);
  return TextDocument.applyEdits(document, [edit]);
}

describe('language server: suppression and fix-all edits', () => {
  it('puts the disable-next-line comment at the indentation of the finding\'s line, with the file\'s line breaks', () => {
    const text = 'function f() {\r\n\tif (x) {\r\n\t\tconst log = pino();\r\n\t}\r\n}\r\n';
    const document = TextDocument.create('file:///x.ts', 'typescript', 1, text);
    assert.equal(apply(text, disableLineEdit(document, 2, 'logger-per-call')),
      'function f() {\r\n\tif (x) {\r\n\t\t// leaklint-disable-next-line logger-per-call\r\n\t\tconst log = pino();\r\n\t}\r\n}\r\n');
  });

  it('adds the rule to an existing disable-next-line comment, before its reason', () => {
    const text = 'function f() {\n  // leaklint-disable-next-line uncleared-timer -- polled forever on purpose\n  const log = pino(setInterval(g, 1));\n}\n';
    const document = TextDocument.create('file:///x.ts', 'typescript', 1, text);
    assert.equal(apply(text, disableLineEdit(document, 2, 'logger-per-call')),
      'function f() {\n  // leaklint-disable-next-line uncleared-timer, logger-per-call -- polled forever on purpose\n  const log = pino(setInterval(g, 1));\n}\n');
  });

  it('puts the file-wide comment after a shebang line', () => {
    const text = '#!/usr/bin/env node\nconst log = pino();\n';
    const document = TextDocument.create('file:///x.js', 'javascript', 1, text);
    assert.equal(apply(text, disableFileEdit(document, 'logger-per-call')), '#!/usr/bin/env node\n/* leaklint-disable logger-per-call */\nconst log = pino();\n');
  });

  it('replaces only the changed middle of the text, without splitting CRLF or surrogate pairs', () => {
    for (const [before, after] of [
      ['a\r\nb\r\nc', 'a\r\nB\r\nc'],
      ['x = "😀";', 'x = "😃";'],
      ['same', 'same!'],
      ['abc', ''],
      ['', 'abc'],
      ['a\r\n', 'a\n'],
    ]) {
      const document = TextDocument.create('file:///x.ts', 'typescript', 1, before);
      const edit = minimalEdit(document, after)!;
      assert.equal(TextDocument.applyEdits(document, [edit]), after, JSON.stringify([before, after]));
      const start = document.offsetAt(edit.range.start);
      const end = document.offsetAt(edit.range.end);
      assert.ok(end - start <= before.length && edit.newText.length <= after.length);
      assert.ok(!(before[start - 1] === '\r' && before[start] === '\n'), 'does not start inside CRLF');
      assert.ok(!/[\udc00-\udfff]/.test(before[start] ?? ''), 'does not start inside a surrogate pair');
    }
    assert.equal(minimalEdit(TextDocument.create('file:///x.ts', 'typescript', 1, 'same'), 'same'), undefined);
  });
});
