import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { applyFixes, fixUntilStable } from '../../server/engine/fix';
import { lintText } from '../../server/engine/linter';
import { defineRule } from '../../server/engine/rule';

describe('applying fixes', () => {
  it('applies non-overlapping fixes together and skips overlapping ones', () => {
    const text = 'abcdef';
    const { text: output, applied, conflicting } = applyFixes(text, [
      { title: 'one', edits: [{ start: 0, end: 1, text: 'A' }] },
      { title: 'two', edits: [{ start: 0, end: 2, text: 'XY' }] },
      { title: 'three', edits: [{ start: 4, end: 4, text: '-' }, { start: 6, end: 6, text: '!' }] },
    ]);
    assert.equal(output, 'Abcd-ef!');
    assert.deepEqual(applied.map((f) => f.title), ['one', 'three']);
    assert.deepEqual(conflicting.map((f) => f.title), ['two']);
  });

  it('treats two insertions at the same place as a conflict', () => {
    const { text } = applyFixes('ab', [
      { title: 'x', edits: [{ start: 1, end: 1, text: 'X' }] },
      { title: 'y', edits: [{ start: 1, end: 1, text: 'Y' }] },
    ]);
    assert.equal(text, 'aXb');
  });

  const varToConst = defineRule({
    meta: {
      id: 'var-to-const', description: 't', defaultSeverity: 'warning', docsUrl: 'https://example.invalid', fixable: true,
      hasSuggestions: false, optionsSchema: { type: 'object' }, defaultOptions: {}, stories: [], usesFacts: false,
    },
    create: (context) => ({
      [ts.SyntaxKind.VariableDeclarationList]: (node) => {
        if ((node.flags & ts.NodeFlags.BlockScoped) !== 0) return;
        const start = node.getStart(context.sourceFile);
        context.report({ node, message: 'var', fix: { title: 'use const', edits: [{ start, end: start + 3, text: 'const' }] } });
      },
    }),
  });
  const lint = (text: string) => lintText('a.ts', text, [{ rule: varToConst, severity: 'warning', options: {} }]);

  it('repeats until nothing is left to fix', () => {
    const result = fixUntilStable('a.ts', 'var a = 1;\nvar b = 2;\n', lint);
    assert.equal(result.text, 'const a = 1;\nconst b = 2;\n');
    assert.equal(result.fixCount, 2);
    assert.equal(result.result.findings.length, 0);
  });

  it('drops a fix that would add syntax errors', () => {
    const breaking = defineRule({
      meta: { ...varToConst.meta, id: 'breaking' },
      create: (context) => ({
        [ts.SyntaxKind.VariableDeclarationList]: (node) => {
          context.report({ node, message: 'x', fix: { title: 'break', edits: [{ start: node.getStart(context.sourceFile), end: node.getStart(context.sourceFile), text: '{{' }] } });
        },
      }),
    });
    const result = fixUntilStable('a.ts', 'var a = 1;\n', (text) => lintText('a.ts', text, [{ rule: breaking, severity: 'warning', options: {} }]));
    assert.equal(result.text, 'var a = 1;\n');
    assert.equal(result.fixCount, 0);
  });

  it('rejects malformed fixes at report time', () => {
    const malformed = defineRule({
      meta: { ...varToConst.meta, id: 'malformed' },
      create: (context) => ({
        [ts.SyntaxKind.SourceFile]: (node) => context.report({ node, message: 'x', fix: { title: 'oob', edits: [{ start: 0, end: 999, text: '' }] } }),
      }),
    });
    const { findings } = lintText('a.ts', 'let a;', [{ rule: malformed, severity: 'warning', options: {} }]);
    assert.equal(findings[0].fix, undefined);
  });
});
