import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { Expectation } from './inputs';

/** A finding as either front end shows it: rule id, 1-based position, message. */
export interface SeenFinding {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

/** The server's diagnostics as findings (the rule id is the diagnostic's code). */
export function seenIn(diagnostics: readonly Diagnostic[]): SeenFinding[] {
  return diagnostics.map((diagnostic) => ({
    ruleId: String(diagnostic.code),
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    message: diagnostic.message,
  }));
}

/** Asserts that what LeakLint reported for one hostile file is what the case expects. */
export function assertExpectation(what: string, expectation: Expectation, seen: readonly SeenFinding[]): void {
  const show = JSON.stringify(seen.map((finding) => `${finding.ruleId}@${finding.line}:${finding.column} ${finding.message.slice(0, 120)}`));
  const notices = (id: string) => seen.filter((finding) => finding.ruleId === id);
  assert.deepEqual(notices('internal-error'), [], `${what}: no rule may fail; saw ${show}`);
  switch (expectation.kind) {
    case 'clean':
      assert.deepEqual(seen, [], `${what}: expected nothing; saw ${show}`);
      break;
    case 'skipped': {
      assert.equal(seen.length, 1, `${what}: expected one file-skipped notice; saw ${show}`);
      assert.equal(seen[0].ruleId, 'file-skipped', `${what}: saw ${show}`);
      assert.match(seen[0].message, expectation.message, what);
      break;
    }
    case 'syntax-error': {
      const found = notices('syntax-error');
      assert.equal(found.length, 1, `${what}: expected one syntax-error notice; saw ${show}`);
      assert.deepEqual([found[0].line, found[0].column], [expectation.line, expectation.column], `${what}: saw ${show}`);
      assert.deepEqual(notices('file-skipped'), [], `${what}: saw ${show}`);
      break;
    }
    case 'too-deep-or-clean':
      if (seen.length === 1 && seen[0].ruleId === 'file-skipped') {
        assert.match(seen[0].message, /nested too deeply/, what);
      } else {
        assert.deepEqual(seen, [], `${what}: expected nothing, or one notice that it is nested too deeply; saw ${show}`);
      }
      break;
    case 'finding':
      assert.ok(seen.some((finding) => finding.ruleId === expectation.ruleId && finding.line === expectation.line && finding.column === expectation.column),
        `${what}: expected ${expectation.ruleId} at ${expectation.line}:${expectation.column}; saw ${show}`);
      assert.deepEqual(notices('file-skipped'), [], `${what}: saw ${show}`);
      break;
  }
}

/** A user must never see a stack trace: no "    at f (file:1:2)" lines. */
export function assertNoStackTrace(what: string, text: string): void {
  assert.doesNotMatch(text, /^\s+at .+(:\d+:\d+\)?|\(native\))$/m, `${what} shows a stack trace:\n${text.slice(0, 2000)}`);
}
