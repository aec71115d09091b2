import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleRegistry } from '../engine/registry';
import { dataOf, isLeakLintDiagnostic, type DiagnosticData, type LspFix } from './diagnostics';
import { FIX_ALL_KIND, FIX_ALL_TITLE, SHOW_DOCUMENTATION_COMMAND } from './protocol';
import { disableFileEdit, disableLineEdit } from './suppression-edits';
import { versionedEdit } from './text-edits';

export interface CodeActionInputs {
  document: TextDocument;
  params: CodeActionParams;
  registry: RuleRegistry;
  /** The diagnostics last computed for the document's current version (for clients that drop `data`). */
  currentDiagnostics: readonly Diagnostic[] | undefined;
  supportsDocumentChanges: boolean;
  /** Computes the fix-all edits, only when a fix-all action is wanted. */
  fixAll: () => Promise<LspFix['edits'] | undefined>;
}

/** True when a requested kind (`only`) asks for actions of `kind`. */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((requested) => requested === kind || kind.startsWith(`${requested}.`));
}

function sameRange(a: Diagnostic, b: Diagnostic): boolean {
  return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
}

/**
 * The diagnostic's data if it was computed for this version of the document. A diagnostic from
 * an older version would carry edits for text that is no longer there.
 */
function currentDataOf(diagnostic: Diagnostic, inputs: CodeActionInputs): DiagnosticData | undefined {
  const data = dataOf(diagnostic);
  if (data) return data.version === inputs.document.version ? data : undefined;
  const match = inputs.currentDiagnostics?.find((current) =>
    current.code === diagnostic.code && current.message === diagnostic.message && sameRange(current, diagnostic));
  return match ? dataOf(match) : undefined;
}

export async function codeActionsFor(inputs: CodeActionInputs): Promise<CodeAction[]> {
  const { document, params, registry } = inputs;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  // Several diagnostics of one rule in the range would otherwise repeat the same file-level actions.
  const titlesOnce = new Set<string>();
  const once = (title: string) => !titlesOnce.has(title) && titlesOnce.add(title) !== undefined;
  const edit = (edits: LspFix['edits']) => versionedEdit(document.uri, document.version, edits, inputs.supportsDocumentChanges);

  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (!isLeakLintDiagnostic(diagnostic)) continue;
      const ruleId = String(diagnostic.code);
      const data = currentDataOf(diagnostic, inputs);
      if (data?.fix) {
        actions.push({ title: data.fix.title, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [diagnostic], edit: edit(data.fix.edits) });
      }
      for (const suggestion of data?.suggestions ?? []) {
        actions.push({ title: suggestion.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(suggestion.edits) });
      }
      if (registry.get(ruleId) && (data || !dataOf(diagnostic))) {
        actions.push({
          title: `Disable ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit([disableLineEdit(document, diagnostic.range.start.line, ruleId)]),
        });
        if (once(`Disable ${ruleId} for the entire file`)) {
          actions.push({
            title: `Disable ${ruleId} for the entire file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: edit([disableFileEdit(document, ruleId)]),
          });
        }
      }
      const docsUrl = dataOf(diagnostic)?.docsUrl ?? diagnostic.codeDescription?.href;
      const title = `Show documentation for ${ruleId}`;
      if (docsUrl && once(title)) {
        actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [docsUrl] } });
      }
    }
  }

  const fixAllAsSource = only !== undefined && wants(only, FIX_ALL_KIND);
  // In the lightbulb menu, offer fix-all only when the file has something to fix.
  const fixAllInMenu = !fixAllAsSource && wants(only, CodeActionKind.QuickFix) &&
    (inputs.currentDiagnostics ?? []).some((diagnostic) => dataOf(diagnostic)?.fix);
  if (fixAllAsSource || fixAllInMenu) {
    const edits = await inputs.fixAll();
    if (edits) {
      actions.push({ title: FIX_ALL_TITLE, kind: fixAllAsSource ? FIX_ALL_KIND : CodeActionKind.QuickFix, edit: edit(edits) });
    }
  }
  return actions;
}
