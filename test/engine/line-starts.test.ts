import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { seededRandom } from '../../bench/corpus';
import { changeBetween } from '../../server/engine/linter';
import { carryLineStarts, lineAndCharacterAt, lineStartsOf, updatedLineStarts } from '../../server/engine/line-starts';

const freshStarts = (text: string) => ts.createSourceFile('/virtual/x.ts', text, ts.ScriptTarget.Latest).getLineStarts();

/** Text made of line breaks of every kind, so edits split and join `\r\n` pairs. */
function breaky(random: () => number, length: number): string {
  const pieces = ['\n', '\r', '\r\n', '\u2028', '\u2029', 'a', 'bc', ' ', '\n\r'];
  let text = '';
  while (text.length < length) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('engine: line starts', () => {
  it('carried over an edit, are what a fresh parse of the new text finds', () => {
    const random = seededRandom(23);
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      let text = breaky(random, 1 + Math.floor(random() * 60));
      let starts = freshStarts(text);
      for (let edit = 0; edit < 50; edit++) {
        const at = Math.floor(random() * (text.length + 1));
        const removed = Math.floor(random() * 4);
        const inserted = random() < 0.3 ? '' : breaky(random, 1 + Math.floor(random() * 4));
        const next = text.slice(0, at) + inserted + text.slice(at + removed);
        starts = updatedLineStarts(starts, next, changeBetween(text, next));
        assert.deepEqual(starts, freshStarts(next), `${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
        text = next;
        compared++;
      }
    }
    assert.equal(compared, 2000);
  });

  it('follow an updated tree, and give the line and character TypeScript gives', () => {
    const text = 'const a = 1;\r\nconst b = 2;\nlet c\u2028= 3;\r';
    const before = ts.createSourceFile('/virtual/y.ts', text, ts.ScriptTarget.Latest);
    assert.deepEqual(lineStartsOf(before), before.getLineStarts());
    const typed = text.replace('const b', '\nconst b');
    const change = changeBetween(text, typed);
    const after = ts.updateSourceFile(before, typed, change);
    carryLineStarts(before, after, change);
    const reference = ts.createSourceFile('/virtual/y.ts', typed, ts.ScriptTarget.Latest);
    assert.deepEqual(lineStartsOf(after), reference.getLineStarts());
    for (let offset = 0; offset <= typed.length; offset++) {
      assert.deepEqual(lineAndCharacterAt(after, offset), reference.getLineAndCharacterOfPosition(offset), `offset ${offset}`);
    }
  });
});
