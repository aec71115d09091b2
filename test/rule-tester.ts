import * as assert from 'node:assert/strict';
import { applyFixes } from '../server/engine/fix';
import { lintText, type EnabledRule } from '../server/engine/linter';
import type { Finding, Rule } from '../server/engine/rule';
import { parseSource, syntaxErrorsOf } from '../server/engine/source';

/**
 * typescript-eslint style rule tests: `valid` code must produce no finding of the rule,
 * `invalid` code exactly the listed findings, fixes exactly the given output, and every fixed
 * or suggested output must still parse and no longer trigger the rule at that place.
 */

export interface ValidCase {
  code: string;
  /** Defaults to `file.ts`; use `.js`, `.tsx` to pick the grammar. */
  filename?: string;
  options?: Record<string, unknown>;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring of the message. */
  message?: string;
  /** Lines of the related locations, in order. */
  relatedLines?: number[];
}

export interface ExpectedSuggestion {
  title: string;
  output: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying every fix; `null` asserts that no fix is offered. Omit only when no finding has a fix. */
  output?: string | null;
  /** Suggestions of the first finding, in order, with the text each produces on its own. */
  suggestions?: ExpectedSuggestion[];
}

export interface RuleTests {
  valid: Array<string | ValidCase>;
  invalid: InvalidCase[];
}

function run(rule: Rule, testCase: ValidCase): Finding[] {
  const enabled: EnabledRule = {
    rule,
    severity: rule.meta.defaultSeverity,
    options: { ...rule.meta.defaultOptions, ...testCase.options },
  };
  const result = lintText(testCase.filename ?? 'file.ts', testCase.code, [enabled], { reportSyntaxErrors: false });
  return result.findings.filter((finding) => finding.ruleId === rule.meta.id || finding.ruleId === 'internal-error');
}

function syntaxErrors(filename: string, text: string): number {
  return syntaxErrorsOf(parseSource(filename, text)).length;
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.startPos.line}:${f.startPos.column} ${f.ruleId}: ${f.message}`).join('\n') || '(none)';
}

function checkFixedText(rule: Rule, testCase: InvalidCase, output: string, what: string, original: Finding): void {
  const filename = testCase.filename ?? 'file.ts';
  assert.ok(
    syntaxErrors(filename, output) <= syntaxErrors(filename, testCase.code),
    `${what} adds syntax errors:\n${output}`,
  );
  const after = run(rule, { ...testCase, code: output });
  // The fix must remove the finding it was offered for: none left with the same message at the same line.
  const stillThere = after.filter((finding) => finding.message === original.message && finding.startPos.line === original.startPos.line);
  assert.equal(stillThere.length, 0, `${what} does not remove the finding:\n${output}\n${describeFindings(after)}`);
}

export function ruleTester(rule: Rule, tests: RuleTests): void {
  describe(`rule ${rule.meta.id}`, () => {
    describe('valid', () => {
      tests.valid.forEach((entry, index) => {
        const testCase = typeof entry === 'string' ? { code: entry } : entry;
        it(testCase.name ?? `valid #${index + 1}: ${testCase.code.trim().split('\n')[0].slice(0, 60)}`, () => {
          const findings = run(rule, testCase);
          assert.equal(findings.length, 0, `expected no findings, got:\n${describeFindings(findings)}\nin:\n${testCase.code}`);
        });
      });
    });
    describe('invalid', () => {
      tests.invalid.forEach((testCase, index) => {
        it(testCase.name ?? `invalid #${index + 1}: ${testCase.code.trim().split('\n')[0].slice(0, 60)}`, () => {
          const findings = run(rule, testCase);
          assert.equal(findings.length, testCase.errors.length,
            `expected ${testCase.errors.length} finding(s), got:\n${describeFindings(findings)}\nin:\n${testCase.code}`);
          testCase.errors.forEach((expected, i) => {
            const actual = findings[i];
            assert.equal(actual.ruleId, rule.meta.id, describeFindings(findings));
            assert.deepEqual(
              { line: actual.startPos.line, column: actual.startPos.column },
              { line: expected.line, column: expected.column },
              `finding ${i + 1} position; got:\n${describeFindings(findings)}`,
            );
            if (expected.endLine !== undefined) assert.equal(actual.endPos.line, expected.endLine, 'endLine');
            if (expected.endColumn !== undefined) assert.equal(actual.endPos.column, expected.endColumn, 'endColumn');
            if (expected.message !== undefined) {
              assert.ok(actual.message.includes(expected.message), `message "${actual.message}" lacks "${expected.message}"`);
            }
            if (expected.relatedLines !== undefined) {
              assert.deepEqual(actual.related.map((related) => related.startPos.line), expected.relatedLines, 'related lines');
            }
          });

          const fixes = findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
          if (testCase.output === undefined) {
            assert.equal(fixes.length, 0, 'a fix is offered: give the expected `output`');
          } else if (testCase.output === null) {
            assert.equal(fixes.length, 0, 'expected no fix');
          } else {
            assert.ok(fixes.length > 0, 'expected a fix');
            const output = applyFixes(testCase.code, fixes).text;
            assert.equal(output, testCase.output, 'fix output');
            for (const finding of findings) {
              if (finding.fix) checkFixedText(rule, testCase, applyFixes(testCase.code, [finding.fix]).text, `fix "${finding.fix.title}"`, finding);
            }
          }

          const first = findings[0];
          if (testCase.suggestions !== undefined) {
            assert.deepEqual(first.suggestions.map((s) => s.title), testCase.suggestions.map((s) => s.title), 'suggestion titles');
            testCase.suggestions.forEach((expected, i) => {
              const output = applyFixes(testCase.code, [first.suggestions[i]]).text;
              assert.equal(output, expected.output, `suggestion "${expected.title}" output`);
              checkFixedText(rule, testCase, output, `suggestion "${expected.title}"`, first);
            });
          } else {
            assert.equal(first.suggestions.length, 0,
              `suggestions are offered (${first.suggestions.map((s) => s.title).join(', ')}): list them in \`suggestions\``);
          }
        });
      });
    });
  });
}
