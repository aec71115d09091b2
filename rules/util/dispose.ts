import ts from 'typescript';
import { classifyUse, memberNameText, thisClassMember, type UseKind } from '../../server/engine/facts';
import type { TextEdit } from '../../server/engine/rule';
import type { JsonSchema } from '../../server/engine/schema';
import { indentationAt, lineBreakOf } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getModifiers, isArrowFunction, isBlock,
  isClassStaticBlockDeclaration, isFunctionExpression, isMethodDeclaration, isPropertyDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * The end of an object's life. Several rules ask "does this class have a disposal method?" to
 * decide whether a timer, listener or subscription outlives the object that made it, and their
 * fixes add the release call to that method. Names are member names as `ClassFacts.methods`
 * spells them (`[Symbol.dispose]` for the computed symbol names).
 */
export const DEFAULT_DISPOSE_METHODS: readonly string[] = [
  'dispose',
  'close',
  'destroy',
  'stop',
  'shutdown',
  'teardown',
  'ngOnDestroy',
  'componentWillUnmount',
  'disconnectedCallback',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
];

export const disposeMethodsSchema: JsonSchema = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description: 'Names of the methods that end an object\'s life (`[Symbol.dispose]` for the computed symbol name).',
  default: [...DEFAULT_DISPOSE_METHODS],
};

export interface DisposalMethod {
  name: string;
  /** A method, or a field initialized with a function (`dispose = () => {…}`). */
  node: ts.MethodDeclaration | ts.PropertyDeclaration;
  /** The block to add release calls to; undefined for an abstract or bodiless method or an expression-bodied arrow. */
  body: ts.Block | undefined;
}

function isStatic(member: ts.ClassElement): boolean {
  return canHaveModifiers(member) && (getModifiers(member) ?? []).some((m) => m.kind === SyntaxKind.StaticKeyword);
}

/** The instance disposal method of a class, preferring names in the order given. */
export function findDisposalMethod(classNode: ts.ClassLikeDeclaration, names: readonly string[]): DisposalMethod | undefined {
  const found = new Map<string, DisposalMethod>();
  for (const member of classNode.members) {
    if (isStatic(member) || !member.name) continue;
    const name = memberNameText(member.name);
    if (name === undefined || !names.includes(name)) continue;
    if (isMethodDeclaration(member)) {
      const existing = found.get(name);
      // An overload signature comes before its implementation: keep the one with a body.
      if (!existing || (!existing.body && member.body)) found.set(name, { name, node: member, body: member.body });
    } else if (isPropertyDeclaration(member) && member.initializer &&
      (isArrowFunction(member.initializer) || isFunctionExpression(member.initializer))) {
      const body = member.initializer.body;
      found.set(name, { name, node: member, body: isBlock(body) ? body : undefined });
    }
  }
  for (const name of names) {
    const method = found.get(name);
    if (method) return method;
  }
  return undefined;
}

/** The class whose `this` is visible at `node` (looking through arrow functions), and whether that `this` is the constructor. */
export function thisClassAt(node: ts.Node): { classNode: ts.ClassLikeDeclaration; isStatic: boolean } | undefined {
  const member = thisClassMember(node);
  if (!member) return undefined;
  return {
    classNode: member.parent as ts.ClassLikeDeclaration,
    isStatic: isClassStaticBlockDeclaration(member) || isStatic(member),
  };
}

export interface ThisMemberUse {
  node: ts.PropertyAccessExpression;
  kind: UseKind;
  /** For `this.x.m()`: `m`. */
  member?: string;
  context: ts.Node;
}

/**
 * Uses of `this.<name>` by class, including fields that are never declared (plain JavaScript
 * assigns them in the constructor). Feed it every PropertyAccessExpression the rule visits.
 */
export class ThisMemberIndex {
  private readonly accesses: ts.PropertyAccessExpression[] = [];
  private index: Map<ts.ClassLikeDeclaration, Map<string, ThisMemberUse[]>> | undefined;

  visit(node: ts.PropertyAccessExpression): void {
    if (node.expression.kind === SyntaxKind.ThisKeyword) this.accesses.push(node);
  }

  usesOf(classNode: ts.ClassLikeDeclaration, name: string): readonly ThisMemberUse[] {
    return this.build().get(classNode)?.get(name) ?? [];
  }

  /** Every `this.<name>` used in the class, with its uses. */
  fieldsOf(classNode: ts.ClassLikeDeclaration): ReadonlyMap<string, readonly ThisMemberUse[]> {
    return this.build().get(classNode) ?? new Map();
  }

  private build(): Map<ts.ClassLikeDeclaration, Map<string, ThisMemberUse[]>> {
    if (this.index) return this.index;
    this.index = new Map();
    for (const node of this.accesses) {
      const owner = thisClassAt(node);
      if (!owner || owner.isStatic) continue;
      const classified = classifyUse(node);
      let byName = this.index.get(owner.classNode);
      if (!byName) this.index.set(owner.classNode, (byName = new Map()));
      const name = node.name.text;
      const list = byName.get(name) ?? [];
      list.push({ node, kind: classified.kind, member: classified.member, context: classified.context });
      byName.set(name, list);
    }
    return this.index;
  }
}

/** One indentation step, guessed from the code around `outer` and `inner`, two spaces when unclear. */
export function indentUnit(text: string, outerPosition: number, innerPosition: number): string {
  const outer = indentationAt(text, outerPosition);
  const inner = indentationAt(text, innerPosition);
  if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  return inner.startsWith('\t') ? '\t' : '  ';
}

function sameLine(text: string, from: number, to: number): boolean {
  return !text.slice(from, to).includes('\n');
}

/** An edit putting `statement` first in `block`, on its own line when the block spans lines. */
export function insertAtBlockStart(text: string, sourceFile: ts.SourceFile, block: ts.Block, statement: string): TextEdit {
  const lineBreak = lineBreakOf(text);
  const open = block.getStart(sourceFile);
  const first = block.statements[0];
  if (first) {
    const start = first.getStart(sourceFile);
    if (sameLine(text, open, start)) return { start, end: start, text: `${statement} ` };
    return { start, end: start, text: `${statement}${lineBreak}${indentationAt(text, start)}` };
  }
  const close = block.getEnd() - 1;
  const outer = indentationAt(text, open);
  const unit = indentUnit(text, block.parent.parent?.getStart(sourceFile) ?? open, open);
  return { start: open + 1, end: close, text: `${lineBreak}${outer}${unit}${statement}${lineBreak}${outer}` };
}

/** An edit putting `statement` last in `block` (after its final statement). */
export function insertAtBlockEnd(text: string, sourceFile: ts.SourceFile, block: ts.Block, statement: string): TextEdit {
  const last = block.statements[block.statements.length - 1];
  if (!last) return insertAtBlockStart(text, sourceFile, block, statement);
  const lineBreak = lineBreakOf(text);
  const end = last.getEnd();
  if (sameLine(text, block.getStart(sourceFile), end)) return { start: end, end, text: ` ${statement}` };
  return { start: end, end, text: `${lineBreak}${indentationAt(text, last.getStart(sourceFile))}${statement}` };
}

/** An edit adding a member declaration as the first member of a class. */
export function insertClassMember(text: string, sourceFile: ts.SourceFile, classNode: ts.ClassLikeDeclaration, member: string): TextEdit | undefined {
  const first = classNode.members[0];
  if (!first) return undefined;
  const start = first.getStart(sourceFile);
  if (sameLine(text, classNode.getStart(sourceFile), start)) return { start, end: start, text: `${member} ` };
  return { start, end: start, text: `${member}${lineBreakOf(text)}${indentationAt(text, start)}` };
}

/** `base`, or `base2`, `base3`… : the first that does not appear as a word in `scopeText`. */
export function unusedName(scopeText: string, base: string, taken: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!taken.has(name) && !new RegExp(`(^|[^\\w$#])#?${name}(?![\\w$])`).test(scopeText)) return name;
  }
}
