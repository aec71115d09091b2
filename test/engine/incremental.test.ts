import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import ts from 'typescript';
import { generateFile, seededRandom } from '../../bench/corpus';
import { allRules } from '../../rules';
import { changeBetween, forgetTree, lintSourceFile, lintText, MAX_UPDATES_IN_A_ROW, refreshTree, setIncrementalParsing, walkStatistics, type EnabledRule } from '../../server/engine/linter';
import { WARM_UP_PATH, warmUp } from '../../server/engine/warm-up';
import { defineRule } from '../../server/engine/rule';
import { scriptKindFor } from '../../server/engine/source';

const enabled: EnabledRule[] = allRules.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.meta.defaultOptions }));

/** What a fresh parse of the text gives: the reference for every incremental lint. */
function freshLint(filePath: string, text: string) {
  return lintSourceFile(ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindFor(filePath)), filePath, enabled);
}

/** Typing, deleting and pasting at random places, including edits that break and repair the syntax. */
function randomEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const pieces = [' ', 'x', '(', ')', '{', '}', "'", '"', '`', '/', '*', '\n', ';', '${', '//', 'new Map()', 'setInterval(f, 1)'];
  switch (Math.floor(random() * 3)) {
    case 0:
      return text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
    default: {
      const from = Math.floor(random() * text.length);
      return text.slice(0, at) + text.slice(from, from + Math.floor(random() * 80)) + text.slice(at);
    }
  }
}

/** A rule that hands over each tree it sees, to tell a reused tree from a fresh one. */
function treeSpy(seen: ts.SourceFile[]): EnabledRule {
  const rule = defineRule({
    meta: { ...allRules[0].meta, id: 'tree-spy' },
    create: (context) => {
      seen.push(context.sourceFile);
      return {};
    },
  });
  return { rule, severity: 'info', options: {} };
}

describe('engine: incremental parsing', function () {
  this.timeout(60_000);
  afterEach(() => setIncrementalParsing(0));

  it('reports after every edit exactly what a fresh parse reports', () => {
    setIncrementalParsing(4);
    const random = seededRandom(7);
    let compared = 0;
    for (const [index, filePath] of ['/virtual/a.ts', '/virtual/b.js', '/virtual/c.tsx', '/virtual/d.ts'].entries()) {
      let text = generateFile(300 + index, 120, !filePath.endsWith('.js'));
      for (let edit = 0; edit < 60; edit++) {
        text = randomEdit(text, random);
        assert.deepEqual(lintText(filePath, text, enabled, { incremental: true }), freshLint(filePath, text), `${filePath} after edit ${edit}`);
        compared++;
      }
    }
    assert.equal(compared, 240);
  });

  it('hands the rules every node of an updated tree in the order and with the parents of a fresh parse', () => {
    // The editor's lint dispatches the statements and members the update reused from the lists
    // the previous lint recorded; what the rules see must not tell the two apart.
    const visits = (seen: string[]): EnabledRule => {
      const rule = defineRule({
        meta: { ...allRules[0].meta, id: 'visit-spy' },
        create: () => {
          const visitor: Record<number, (node: ts.Node) => void> = {};
          for (let kind = 0; kind < ts.SyntaxKind.Count; kind++) {
            visitor[kind] = (node) => seen.push(`${node.kind}@${node.pos}-${node.end} in ${node.parent?.kind}@${node.parent?.pos}-${node.parent?.end}`);
          }
          return visitor;
        },
      });
      return { rule, severity: 'info', options: {} };
    };
    setIncrementalParsing(2);
    const random = seededRandom(19);
    let text = generateFile(301, 150, true);
    let visited = 0;
    for (let edit = 0; edit < 80; edit++) {
      text = randomEdit(text, random);
      const incremental: string[] = [];
      const fresh: string[] = [];
      lintText('/virtual/order.ts', text, [visits(incremental)], { incremental: true });
      lintSourceFile(ts.createSourceFile('/virtual/order.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS), '/virtual/order.ts', [visits(fresh)]);
      assert.deepEqual(incremental, fresh, `after edit ${edit}`);
      visited += fresh.length;
    }
    assert.ok(visited > 80 * 1000, `${visited} nodes`);
  });

  it('reports what a fresh parse reports on code nested past the recursion limit, edit after edit', () => {
    // Below RECURSION_DEPTH_LIMIT the walk goes on with a stack of its own, and records what it
    // meets there into the unit it is in; the next lint replays those lists.
    setIncrementalParsing(2);
    const depth = 600;
    const nested = 'if (a) {\n  window.addEventListener("resize", () => a++);\n'.repeat(depth);
    let text = `export function handle(a: number) {\n${nested}x();\n${'}\n'.repeat(depth)}}\n`;
    for (let edit = 1; edit <= 6; edit++) {
      const lineEnd = text.indexOf('\n', Math.floor((text.length * edit) / 7));
      text = `${text.slice(0, lineEnd)} ${text.slice(lineEnd)}`;
      const incremental = lintText('/virtual/deep.ts', text, enabled, { incremental: true });
      assert.deepEqual(incremental, freshLint('/virtual/deep.ts', text), `after edit ${edit}`);
      assert.equal(incremental.findings.filter((finding) => finding.ruleId === 'unremoved-listener').length, depth, 'every level is looked at');
    }
  });

  it('finds the one changed span of two texts, at and across the boundaries of the chunks it compares', () => {
    /** The same span, found a character at a time. */
    const slowChange = (before: string, after: string) => {
      let start = 0;
      while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
      let beforeEnd = before.length;
      let afterEnd = after.length;
      while (beforeEnd > start && afterEnd > start && before[beforeEnd - 1] === after[afterEnd - 1]) {
        beforeEnd--;
        afterEnd--;
      }
      return { span: { start, length: beforeEnd - start }, newLength: afterEnd - start };
    };
    const random = seededRandom(11);
    const base = generateFile(17, 1500, true);
    assert.ok(base.length > 5 * 4096);
    const places = [0, 1, 4095, 4096, 4097, 8191, 8192, base.length - 4097, base.length - 4096, base.length - 1, base.length];
    for (let i = 0; i < 40; i++) places.push(Math.floor(random() * (base.length + 1)));
    for (const at of places) {
      for (const [removed, inserted] of [[0, 'x'], [1, ''], [3, 'yz'], [5000, ''], [0, 'a'.repeat(5000)], [0, base.slice(at, at + 10)]] as const) {
        const after = base.slice(0, at) + inserted + base.slice(at + removed);
        const found = changeBetween(base, after);
        assert.deepEqual({ span: { ...found.span }, newLength: found.newLength }, slowChange(base, after), `edit at ${at}, -${removed} +${inserted.length}`);
      }
    }
    const unchanged = changeBetween(base, base);
    assert.deepEqual([unchanged.span.length, unchanged.newLength], [0, 0]);
  });

  it('reuses the previous tree of the same document, and only while it is on', () => {
    const seen: ts.SourceFile[] = [];
    const spy = [treeSpy(seen)];
    const text = generateFile(11, 200, true);
    const typed = `${text}// typed\n`;

    setIncrementalParsing(2);
    lintText('/virtual/doc.ts', text, spy, { incremental: true });
    lintText('/virtual/doc.ts', typed, spy, { incremental: true });
    assert.notEqual(seen[1], seen[0]);
    assert.equal(seen[1].statements[0], seen[0].statements[0], 'the unchanged first statement is the same node');

    setIncrementalParsing(0);
    lintText('/virtual/doc.ts', text, spy, { incremental: true });
    lintText('/virtual/doc.ts', typed, spy, { incremental: true });
    assert.notEqual(seen[3].statements[0], seen[2].statements[0]);

    // On, but the text is not an editor buffer (a scanned file): parsed afresh, no tree kept.
    setIncrementalParsing(2);
    lintText('/virtual/scanned.ts', text, spy);
    lintText('/virtual/scanned.ts', typed, spy);
    assert.notEqual(seen[5].statements[0], seen[4].statements[0]);
  });

  it('parses afresh after a run of updates, whose nodes lie scattered over the heap', () => {
    const seen: ts.SourceFile[] = [];
    const spy = [treeSpy(seen)];
    let text = generateFile(13, 100, true);
    setIncrementalParsing(2);
    lintText('/virtual/long.ts', text, spy, { incremental: true });
    for (let edit = 1; edit <= MAX_UPDATES_IN_A_ROW + 1; edit++) {
      text += ' ';
      lintText('/virtual/long.ts', text, spy, { incremental: true });
    }
    const firstStatements = seen.map((tree) => tree.statements[0]);
    assert.equal(firstStatements[MAX_UPDATES_IN_A_ROW], firstStatements[0], 'updated in a row up to the limit');
    assert.notEqual(firstStatements[MAX_UPDATES_IN_A_ROW + 1], firstStatements[0], 'then parsed afresh');
  });

  it('parses a document afresh when the editor says the user paused, and only if its tree was updated', () => {
    const seen: ts.SourceFile[] = [];
    const spy = [treeSpy(seen)];
    const text = generateFile(14, 100, true);
    setIncrementalParsing(2);
    assert.equal(refreshTree('/virtual/paused.ts', text), false, 'no tree kept yet');
    lintText('/virtual/paused.ts', text, spy, { incremental: true });
    assert.equal(refreshTree('/virtual/paused.ts', text), false, 'a fresh tree is not parsed again');
    const typed = `${text} `;
    lintText('/virtual/paused.ts', typed, spy, { incremental: true });
    assert.equal(refreshTree('/virtual/paused.ts', text), false, 'the kept tree is of another text');
    assert.equal(refreshTree('/virtual/paused.ts', typed), true);
    lintText('/virtual/paused.ts', `${typed} `, spy, { incremental: true });
    assert.equal(seen[1].statements[0], seen[0].statements[0], 'updated from the first tree');
    assert.notEqual(seen[2].statements[0], seen[1].statements[0], 'updated from the fresh tree, not the chain');
    assert.deepEqual(lintText('/virtual/paused.ts', `${typed}  `, enabled, { incremental: true }), freshLint('/virtual/paused.ts', `${typed}  `));

    forgetTree('/virtual/paused.ts');
    lintText('/virtual/paused.ts', `${typed}   `, spy, { incremental: true });
    assert.notEqual(seen[3].statements[0], seen[2].statements[0], 'a forgotten tree is not updated');
  });

  it('walks the fresh tree of a pause, so the next edit replays the statements it did not touch', () => {
    // The same two edits of two documents, one of them refreshed in between: the next edit must
    // replay as many units from the fresh tree as from the updated one.
    const text = generateFile(15, 300, true);
    const typed = `${text}\n// typed`;
    const next = `${typed} more`;
    setIncrementalParsing(4);
    const replayedOnNext = (filePath: string, pause: boolean) => {
      lintText(filePath, text, enabled, { incremental: true });
      lintText(filePath, typed, enabled, { incremental: true });
      if (pause) assert.equal(refreshTree(filePath, typed), true);
      const before = walkStatistics.replayedUnits;
      const result = lintText(filePath, next, enabled, { incremental: true });
      assert.deepEqual(result, freshLint(filePath, next));
      return walkStatistics.replayedUnits - before;
    };
    const afterUpdates = replayedOnNext('/virtual/typed.ts', false);
    const afterPause = replayedOnNext('/virtual/paused.ts', true);
    assert.ok(afterUpdates > 20, `${afterUpdates} units replayed after updates`);
    assert.equal(afterPause, afterUpdates);
  });

  it('keeps no earlier version of the text alive through a run of updates', () => {
    // The parser's strings are slices of the text it parsed (V8 keeps a slice's whole string):
    // without the copies the walk makes, each update's new nodes pinned that version's text, and
    // these 80 edits of a 174 kB text grew the heap by about 7 MB.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    setIncrementalParsing(2);
    const random = seededRandom(5);
    let text = generateFile(77, 5000, true);
    let before = 0;
    for (let edit = 0; edit <= 90; edit++) {
      if (edit > 0) {
        const lineEnd = text.indexOf('\n', Math.floor(random() * text.length));
        text = `${text.slice(0, lineEnd)} ${text.slice(lineEnd)}`;
      }
      lintText('/virtual/typed.ts', text, enabled, { incremental: true });
      if (edit === 10) before = heapAfterGc();
    }
    const grownMb = (heapAfterGc() - before) / 1024 / 1024;
    assert.ok(grownMb < 2.5, `the heap grew by ${grownMb.toFixed(2)} MB over 80 edits`);
  });

  it('warms up through the incremental path, one lint per step, and keeps no tree of its sample', (done) => {
    const seen: ts.SourceFile[] = [];
    let steps = 0;
    setIncrementalParsing(2);
    warmUp([treeSpy(seen).rule], (step) => {
      steps++;
      setImmediate(step);
    }, () => {
      assert.ok(seen.length >= 10, `${seen.length} lints`);
      assert.equal(steps, seen.length + 1, 'each lint is its own step, and a last one drops the tree');
      for (let i = 1; i < seen.length; i++) {
        assert.equal(seen[i].statements[0], seen[i - 1].statements[0], `lint ${i} updated the previous tree`);
      }
      const after: ts.SourceFile[] = [];
      lintText(WARM_UP_PATH, seen[seen.length - 1].text, [treeSpy(after)], { incremental: true });
      assert.notEqual(after[0].statements[0], seen[seen.length - 1].statements[0], 'the sample tree was dropped');
      done();
    });
  });

  it('keeps the trees of the most recently linted documents only', () => {
    const seen: ts.SourceFile[] = [];
    const spy = [treeSpy(seen)];
    const text = generateFile(12, 100, true);
    setIncrementalParsing(2);
    for (const name of ['one', 'two', 'three']) lintText(`/virtual/${name}.ts`, text, spy, { incremental: true });
    lintText('/virtual/three.ts', `${text} `, spy, { incremental: true });
    lintText('/virtual/one.ts', `${text} `, spy, { incremental: true });
    assert.equal(seen[3].statements[0], seen[2].statements[0], 'three.ts was kept');
    assert.notEqual(seen[4].statements[0], seen[0].statements[0], 'one.ts was dropped when three.ts came');
  });
});
