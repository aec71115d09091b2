import ts from 'typescript';
import type { BindingUse } from '../../server/engine/facts';
import type { Fix, TextEdit } from '../../server/engine/rule';
import type { Initialization } from './collection-kind';
import { skipInnerWrappers } from './collection-kind';
import { isPrimitiveType, isVisiblyPrimitive, type KeyDeclarations } from './collection-keys';
import type { CollectionUsage } from './collection-uses';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const { isIdentifier, isTypeReferenceNode } = ts;

export const WEAK_SUGGESTION_TITLE = 'Use a WeakMap/WeakSet';

/**
 * The "Use a WeakMap/WeakSet" suggestion, when it can be right: a Map or Set whose size and
 * entries nobody reads (a weak collection has neither), made empty, and whose keys are not
 * visibly strings or numbers (a WeakMap throws on those). Keys we cannot see through (an
 * untyped parameter, a call's result) do not block it: it is a suggestion, not a fix.
 */
export function weakCollectionSuggestion(
  init: Initialization,
  declaredType: ts.TypeNode | undefined,
  usage: CollectionUsage,
  uses: readonly BindingUse[],
  declarations: KeyDeclarations,
  sourceFile: ts.SourceFile,
): Fix | undefined {
  if ((init.kind !== 'Map' && init.kind !== 'Set') || usage.needsStrong) return undefined;
  const weakName = init.kind === 'Map' ? 'WeakMap' : 'WeakSet';
  const edits: TextEdit[] = [];
  const keyTypes: ts.TypeNode[] = [];

  if (declaredType) {
    if (!isTypeReferenceNode(declaredType) || !isIdentifier(declaredType.typeName) || declaredType.typeName.text !== init.kind) return undefined;
    edits.push({ start: declaredType.typeName.getStart(sourceFile), end: declaredType.typeName.getEnd(), text: weakName });
    if (declaredType.typeArguments?.[0]) keyTypes.push(declaredType.typeArguments[0]);
  }
  for (const value of init.values) {
    const made = skipInnerWrappers(value) as ts.NewExpression;
    // Initial entries would have to be objects too; not worth guessing.
    if (made.arguments && made.arguments.length > 0) return undefined;
    edits.push({ start: made.expression.getStart(sourceFile), end: made.expression.getEnd(), text: weakName });
    if (made.typeArguments?.[0]) keyTypes.push(made.typeArguments[0]);
  }
  if (keyTypes.some((type) => isPrimitiveType(type, declarations))) return undefined;
  // Every key handed to `set`, `add`, `get`, `has`, `delete`, wherever it is, must be able to be an object.
  for (const use of uses) {
    if (use.kind !== 'call' || !use.call) continue;
    const key = use.call.arguments?.[0];
    if (!key || isVisiblyPrimitive(key, declarations)) return undefined;
  }
  return { title: WEAK_SUGGESTION_TITLE, edits };
}
