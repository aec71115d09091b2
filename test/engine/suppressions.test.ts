import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { lintText, type EnabledRule } from '../../server/engine/linter';
import { defineRule, type Rule } from '../../server/engine/rule';
import { parseDirectives } from '../../server/engine/suppressions';
import { parseSource } from '../../server/engine/source';

/** Reports every call to a function named `leak` (rule `leak-a`) and `drip` (rule `leak-b`). */
function callRule(id: string, callee: string): Rule {
  return defineRule({
    meta: {
      id, description: 't', defaultSeverity: 'warning', docsUrl: 'https://example.invalid', fixable: false,
      hasSuggestions: false, optionsSchema: { type: 'object' }, defaultOptions: {}, stories: [], usesFacts: false,
    },
    create: (context) => ({
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node as ts.CallExpression;
        if (ts.isIdentifier(call.expression) && call.expression.text === callee) context.report({ node, message: callee });
      },
    }),
  });
}

const rules: EnabledRule[] = [callRule('leak-a', 'leak'), callRule('leak-b', 'drip')].map((rule) => ({ rule, severity: 'warning', options: {} }));
const known = new Set(['leak-a', 'leak-b']);

function lintLines(code: string) {
  const result = lintText('file.ts', code, rules, { knownRuleIds: known });
  return {
    reported: result.findings.map((f) => `${f.ruleId}@${f.startPos.line}`),
    suppressed: result.suppressed.map((f) => `${f.ruleId}@${f.startPos.line}:${f.justification ?? ''}`),
  };
}

describe('suppression comments', () => {
  it('disable-next-line with no list suppresses every rule on the next line only', () => {
    const { reported, suppressed } = lintLines('// leaklint-disable-next-line\nleak(); drip();\nleak();\n');
    assert.deepEqual(reported, ['leak-a@3']);
    assert.deepEqual(suppressed, ['leak-a@2:', 'leak-b@2:']);
  });

  it('disable-next-line with a rule list suppresses only those rules, and keeps the reason', () => {
    const { reported, suppressed } = lintLines('// leaklint-disable-next-line leak-a -- drained by the worker\nleak(); drip();\n');
    assert.deepEqual(reported, ['leak-b@2']);
    assert.deepEqual(suppressed, ['leak-a@2:drained by the worker']);
  });

  it('accepts comma-separated lists', () => {
    const { reported } = lintLines('leak(); drip(); // leaklint-disable-line leak-a, leak-b\n');
    assert.deepEqual(reported, []);
  });

  it('disable-line applies to its own line, with or without a list', () => {
    const { reported } = lintLines('leak(); // leaklint-disable-line\ndrip(); // leaklint-disable-line leak-a -- wrong rule\n');
    assert.deepEqual(reported, ['leak-b@2']);
  });

  it('a block comment disables the whole file, for all rules or the listed ones', () => {
    assert.deepEqual(lintLines('/* leaklint-disable */\nleak();\ndrip();\n').reported, []);
    assert.deepEqual(lintLines('leak();\n/* leaklint-disable leak-b -- generated code */\ndrip();\nleak();\n').reported, ['leak-a@1', 'leak-a@4']);
  });

  it('block-comment next-line directives apply to the line after the comment ends', () => {
    assert.deepEqual(lintLines('/* leaklint-disable-next-line leak-a\n   -- a long reason */\nleak();\n').reported, []);
  });

  it('ignores directive text inside strings, templates and regular expressions', () => {
    const code = 'const a = "// leaklint-disable-next-line";\nleak();\nconst b = `/* leaklint-disable */`;\nconst c = /\\/\\/ leaklint-disable-line/;\ndrip();\n';
    assert.deepEqual(parseDirectives(parseSource('file.ts', code)), []);
    assert.deepEqual(lintLines(code).reported, ['leak-a@2', 'leak-b@5']);
  });

  it('does not mistake a longer word for a directive', () => {
    assert.deepEqual(lintLines('// leaklint-disabled-next-line\nleak();\n').reported, ['leak-a@2']);
  });

  it('reports an unknown rule named in a directive', () => {
    const { reported } = lintLines('// leaklint-disable-next-line leak-c\nleak();\n');
    assert.deepEqual(reported, ['invalid-directive@1', 'leak-a@2']);
  });

  it('works in JSX expression comments', () => {
    const code = 'const x = <div>\n  {/* leaklint-disable-next-line leak-a */}\n  {leak()}\n</div>;\n';
    const result = lintText('file.tsx', code, rules, { knownRuleIds: known });
    assert.deepEqual(result.findings.map((f) => f.ruleId), []);
  });
});
