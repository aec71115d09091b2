import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintTargetOf, type LintRunner } from './lint-runner';
import type { LeakLintSettings } from './settings';
import { minimalEdit } from './text-edits';

/**
 * The edits that apply every auto-fix in the document (fixes only, never suggestions), repeated
 * until stable like `leaklint --fix`. Undefined when there is nothing to fix.
 */
export function fixAllEdits(document: TextDocument, settings: LeakLintSettings, runner: LintRunner): TextEdit[] | undefined {
  const result = runner.lint(lintTargetOf(document.uri, document.languageId), document.getText(), settings, { fix: true });
  if (result?.fixedText === undefined) return undefined;
  const edit = minimalEdit(document, result.fixedText);
  return edit ? [edit] : undefined;
}
