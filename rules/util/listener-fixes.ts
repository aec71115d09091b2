import ts from 'typescript';
import type { Fix, TextEdit } from '../../server/engine/rule';
import { indentationAt, lineBreakOf } from './ast';
import { indentUnit, insertAtBlockEnd, insertAtBlockStart, type DisposalMethod } from './dispose';
import { usesCapture, type ListenerAdd } from './listener-calls';
import type { EffectCallback, EffectCleanup } from './react';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { isBlock } = ts;

export const REMOVE_ON_DISPOSE = 'Remove the listener on dispose';
export const REMOVE_IN_EFFECT_CLEANUP = 'Remove the listener in the effect\'s cleanup';

/** `window.removeEventListener('resize', this.onResize, true)` for an add with a named handler. */
export function removeCallText(add: ListenerAdd, handler: ts.Expression, sourceFile: ts.SourceFile): string {
  const event = add.event ? add.event.getText(sourceFile) : '';
  const capture = add.method === 'addEventListener' && usesCapture(add.options) ? ', true' : '';
  return `${add.receiver.getText(sourceFile)}.${add.remover}(${event}, ${handler.getText(sourceFile)}${capture})`;
}

export function removeOnDisposeFix(text: string, sourceFile: ts.SourceFile, disposal: DisposalMethod, removeCall: string): Fix | undefined {
  if (!disposal.body) return undefined;
  return { title: REMOVE_ON_DISPOSE, edits: [insertAtBlockStart(text, sourceFile, disposal.body, `${removeCall};`)] };
}

/** Makes an effect with no cleanup return one that makes the given remove calls. */
export function effectCleanupFix(
  text: string,
  sourceFile: ts.SourceFile,
  effect: EffectCallback,
  cleanup: EffectCleanup,
  removeCalls: readonly string[],
): Fix | undefined {
  if (cleanup.kind !== 'none' || !isBlock(effect.body) || removeCalls.length === 0) return undefined;
  let body = removeCalls[0];
  const last = effect.body.statements[effect.body.statements.length - 1];
  if (removeCalls.length > 1) {
    // One statement per line, one step deeper than the effect's own statements.
    const lineBreak = lineBreakOf(text);
    const indent = last ? indentationAt(text, last.getStart(sourceFile)) : indentationAt(text, effect.body.getStart(sourceFile));
    const unit = last ? indentUnit(text, effect.getStart(sourceFile), last.getStart(sourceFile)) : '  ';
    body = `{${lineBreak}${removeCalls.map((call) => `${indent}${unit}${call};${lineBreak}`).join('')}${indent}}`;
  }
  const edit: TextEdit = insertAtBlockEnd(text, sourceFile, effect.body, `return () => ${body};`);
  return { title: REMOVE_IN_EFFECT_CLEANUP, edits: [edit] };
}

/** `context.subscriptions.push(<call>)`: the registrar disposes the subscription when its owner ends. */
export function registerFix(sourceFile: ts.SourceFile, call: ts.CallExpression, registrar: string): Fix {
  return {
    title: `Register the subscription with ${registrar}`,
    edits: [
      { start: call.getStart(sourceFile), end: call.getStart(sourceFile), text: `${registrar}(` },
      { start: call.getEnd(), end: call.getEnd(), text: ')' },
    ],
  };
}
