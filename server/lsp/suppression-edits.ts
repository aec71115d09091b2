import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function lineBreakOf(document: TextDocument): string {
  const text = document.getText();
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

const NEXT_LINE_DIRECTIVE = /^(\s*\/\/\s*leaklint-disable-next-line)(\s+[^\n]*?)?(\s+--\s.*)?$/;

/**
 * `// leaklint-disable-next-line <rule>` above `line`, at that line's indentation. When the line
 * above already is such a comment for other rules, the rule is added to its list instead.
 */
export function disableLineEdit(document: TextDocument, line: number, ruleId: string): TextEdit {
  if (line > 0) {
    const above = lineText(document, line - 1);
    const match = NEXT_LINE_DIRECTIVE.exec(above);
    if (match && match[2]?.trim()) {
      const listEnd = match[1].length + match[2].length;
      return { range: { start: { line: line - 1, character: listEnd }, end: { line: line - 1, character: listEnd } }, newText: `, ${ruleId}` };
    }
  }
  const indentation = /^[ \t]*/.exec(lineText(document, line))![0];
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indentation}// leaklint-disable-next-line ${ruleId}${lineBreakOf(document)}` };
}

/** `/* leaklint-disable <rule> *\/` as the file's first line (after a `#!` line). */
export function disableFileEdit(document: TextDocument, ruleId: string): TextEdit {
  const line = lineText(document, 0).startsWith('#!') ? 1 : 0;
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `/* leaklint-disable ${ruleId} */${lineBreakOf(document)}` };
}
