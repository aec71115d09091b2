import { TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** One edit turning the document's text into `newText`, touching only the part that differs. */
export function minimalEdit(document: TextDocument, newText: string): TextEdit | undefined {
  const oldText = document.getText();
  if (oldText === newText) return undefined;
  let prefix = 0;
  const shorter = Math.min(oldText.length, newText.length);
  while (prefix < shorter && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) suffix++;
  // Never split a surrogate pair or a CRLF between the kept and the replaced parts.
  const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
  const splits = (at: number) => isLowSurrogate(oldText.charCodeAt(at)) || (oldText[at] === '\n' && oldText[at - 1] === '\r');
  while (prefix > 0 && splits(prefix)) prefix--;
  while (suffix > 0 && splits(oldText.length - suffix)) suffix--;
  return {
    range: { start: document.positionAt(prefix), end: document.positionAt(oldText.length - suffix) },
    newText: newText.slice(prefix, newText.length - suffix),
  };
}

/**
 * A workspace edit bound to the document version it was computed for: the client refuses it
 * if the document changed since. Clients without `documentChanges` get plain `changes`.
 */
export function versionedEdit(uri: string, version: number, edits: TextEdit[], supportsDocumentChanges: boolean): WorkspaceEdit {
  if (!supportsDocumentChanges) return { changes: { [uri]: edits } };
  return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
}
