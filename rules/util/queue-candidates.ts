import ts from 'typescript';
import {
  classifyUse,
  isAssignmentOperator,
  memberNameText,
  skipOuterWrappers,
  type BindingKind,
  type BindingUse,
  type FileFacts,
} from '../../server/engine/facts';
import { enclosingFunction } from './ast';
import { isTransparentWrapper, unwrap } from './queue-expressions';
import { isClassOwner, OwnerResolver, type Owner } from './queue-owners';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getModifiers, isBinaryExpression, isBindingElement,
  isClassStaticBlockDeclaration, isElementAccessExpression, isFunctionDeclaration, isIdentifier,
  isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isStringLiteralLike,
  isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * The long-lived arrays `unbounded-queue` looks at, with every place they are used. Module
 * variables and declared class fields come from the shared facts; this collector adds what the
 * facts do not cover yet, from nodes the rule's visitors hand it:
 * - fields created by assignment (`this.queue = []` with no declaration), in classes and in
 *   constructor functions with prototype methods;
 * - uses through a local holding `this` (`const self = this; self.queue.push(x)`);
 * - local aliases (`const q = this.queue`) and locals holding a length (`const n = q.length`),
 *   whose uses count as uses of the array.
 */

export type QueueUse = BindingUse;

export interface QueueCandidate {
  /** As declared: `queue`, `#queue`. */
  name: string;
  /** As code refers to it: `this.queue`, `Jobs.queue`, `queue`. */
  displayName: string;
  kind: BindingKind;
  /** Where the finding goes: the declaration's name, or for an undeclared field its first assignment. */
  reportNode: ts.Node;
  /** A constructor parameter property: the caller owns the array. */
  isParameter: boolean;
  isExported: boolean;
  /** The declaration's initializer and the constructor's `this.x = …` right sides. */
  initializers: ts.Expression[];
  uses: QueueUse[];
}

interface LocalDeclaration {
  declaration: ts.VariableDeclaration;
  name: string;
  scope: ts.Node;
}

export class QueueSiteCollector {
  private readonly watched = new Map<string, LocalDeclaration[]>();
  private readonly watchedReferences = new Map<string, ts.Identifier[]>();
  private readonly thisAccesses: ts.PropertyAccessExpression[] = [];
  private readonly thisAliases: ts.VariableDeclaration[] = [];
  /**
   * Names that are given a fresh array somewhere (`q = []`, `this.q = new Array()`, `q: T[] = []`):
   * a queue needs one, so nothing else becomes a candidate, and most member accesses need no owner.
   */
  private readonly freshArrayNames = new Set<string>();
  readonly owners = new OwnerResolver();

  /** Give it every fresh array value (`isFreshArray`): notes the name of what it initializes or is assigned to. */
  onFreshArray(value: ts.Expression): void {
    let holder: ts.Node = value;
    while (isTransparentWrapper(holder.parent)) holder = holder.parent;
    const parent = holder.parent;
    let name: string | undefined;
    if ((isVariableDeclaration(parent) || isPropertyDeclaration(parent)) && parent.initializer === holder) {
      name = isIdentifier(parent.name) ? parent.name.text : isVariableDeclaration(parent) ? undefined : memberNameText(parent.name);
    } else if (isBinaryExpression(parent) && parent.right === holder && isAssignmentOperator(parent.operatorToken.kind)) {
      const target = unwrap(parent.left);
      if (isIdentifier(target)) name = target.text;
      else if (isPropertyAccessExpression(target)) name = target.name.text;
      else if (isElementAccessExpression(target) && isStringLiteralLike(target.argumentExpression)) name = target.argumentExpression.text;
    }
    if (name !== undefined) this.freshArrayNames.add(name);
  }

  /** Watches locals that alias `this`, a reference or a length. */
  onVariableDeclaration(declaration: ts.VariableDeclaration): void {
    const initializer = declaration.initializer ? unwrap(declaration.initializer) : undefined;
    if (!initializer) return;
    if (initializer.kind === SyntaxKind.ThisKeyword) this.thisAliases.push(declaration);
    if (!isIdentifier(declaration.name)) return;
    const watchable = initializer.kind === SyntaxKind.ThisKeyword || isIdentifier(initializer) ||
      isPropertyAccessExpression(initializer) || isBinaryExpression(initializer);
    const scope = enclosingFunction(declaration);
    if (!watchable || !scope) return;
    const name = declaration.name.text;
    const list = this.watched.get(name);
    const entry = { declaration, name, scope };
    if (list) list.push(entry);
    else this.watched.set(name, [entry]);
  }

  onIdentifier(identifier: ts.Identifier): void {
    if (!this.watched.has(identifier.text)) return;
    const parent = identifier.parent;
    if (isPropertyAccessExpression(parent) && parent.name === identifier) return;
    if ((isVariableDeclaration(parent) || isPropertyAssignment(parent) || ts.isParameter(parent) ||
      isBindingElement(parent) || isFunctionDeclaration(parent)) && parent.name === identifier) return;
    const list = this.watchedReferences.get(identifier.text);
    if (list) list.push(identifier);
    else this.watchedReferences.set(identifier.text, [identifier]);
  }

  onThisAccess(access: ts.PropertyAccessExpression): void {
    if (access.expression.kind === SyntaxKind.ThisKeyword && isIdentifier(access.name)) this.thisAccesses.push(access);
  }

  onAssignment(assignment: ts.BinaryExpression): void {
    if (assignment.operatorToken.kind === SyntaxKind.EqualsToken) this.owners.notePrototypeAssignment(assignment);
  }

  onFunctionDeclaration(declaration: ts.FunctionDeclaration): void {
    this.owners.noteFunctionDeclaration(declaration);
  }

  /** The references to the local that `declaration` declares, after it, in its function. */
  private localReferences(declaration: ts.VariableDeclaration): ts.Identifier[] {
    if (!isIdentifier(declaration.name)) return [];
    const entry = this.watched.get(declaration.name.text)?.find((candidate) => candidate.declaration === declaration);
    if (!entry) return [];
    return (this.watchedReferences.get(entry.name) ?? []).filter((reference) =>
      reference.pos >= entry.scope.pos && reference.end <= entry.scope.end && reference.pos > declaration.end);
  }

  /** The uses of the local that `declaration` declares, classified like binding uses. */
  localUses(declaration: ts.VariableDeclaration): QueueUse[] {
    return this.localReferences(declaration).map((reference) => useOf(reference, undefined));
  }

  candidates(facts: FileFacts): QueueCandidate[] {
    const result: QueueCandidate[] = [];
    for (const binding of facts.moduleBindings.values()) {
      if (!this.freshArrayNames.has(binding.name)) continue;
      result.push({
        name: binding.name,
        displayName: binding.name,
        kind: binding.kind,
        reportNode: binding.nameNode,
        isParameter: false,
        isExported: binding.isExported,
        initializers: binding.initializer ? [binding.initializer] : [],
        uses: binding.uses,
      });
    }
    const { accesses, opaque } = this.ownedAccesses(facts);
    const declaredExtraUses = new Map<Owner, Map<string, QueueUse[]>>();
    const undeclared = new Map<Owner, Map<string, ts.PropertyAccessExpression[]>>();
    for (const { owner, access } of accesses) {
      if (opaque.has(owner)) continue;
      const name = access.name.text;
      if (isClassOwner(owner) && owner.fields.has(name)) {
        // The facts see `this.x`, not `self.x`: add those uses.
        if (access.expression.kind !== SyntaxKind.ThisKeyword) {
          pushTo(declaredExtraUses, owner, name, useOf(access, owner.constructorDecl));
        }
        continue;
      }
      if (this.owners.declares(owner, name)) continue;
      pushTo(undeclared, owner, name, access);
    }
    for (const classFacts of facts.classes) {
      if (opaque.has(classFacts)) continue;
      for (const field of classFacts.fields.values()) {
        if (!this.freshArrayNames.has(field.name)) continue;
        const owner = field.kind === 'static-field' ? classFacts.name ?? 'this' : 'this';
        result.push({
          name: field.name,
          displayName: `${owner}.${field.name}`,
          kind: field.kind,
          reportNode: field.nameNode,
          isParameter: ts.isParameter(field.declaration),
          isExported: false,
          initializers: [
            ...(field.initializer ? [field.initializer] : []),
            ...field.constructorAssignments.map((assignment) => assignment.right),
          ],
          uses: [...field.uses, ...(declaredExtraUses.get(classFacts)?.get(field.name) ?? [])],
        });
      }
    }
    for (const [owner, byName] of undeclared) {
      for (const [name, fieldAccesses] of byName) {
        const candidate = undeclaredField(name, fieldAccesses, owner.constructorDecl);
        if (candidate) result.push(candidate);
      }
    }
    return result;
  }

  /**
   * Every instance member access with its owner: `this.x` in instance code, and `self.x` through
   * a local holding `this`. An owner whose `this` local is used any other way (passed on,
   * returned, destructured) can have its fields used out of sight: it is opaque.
   */
  private ownedAccesses(facts: FileFacts): { accesses: Array<{ owner: Owner; access: ts.PropertyAccessExpression }>; opaque: Set<Owner> } {
    const accesses: Array<{ owner: Owner; access: ts.PropertyAccessExpression }> = [];
    const opaque = new Set<Owner>();
    for (const access of this.thisAccesses) {
      if (!this.freshArrayNames.has(access.name.text)) continue;
      const owner = this.owners.ownerOfThis(access, facts);
      if (owner && !(isClassOwner(owner) && isInStaticMember(access, owner.node))) accesses.push({ owner, access });
    }
    for (const declaration of this.thisAliases) {
      const owner = this.owners.ownerOfThis(declaration.initializer!, facts);
      if (!owner) continue;
      if (!isIdentifier(declaration.name)) {
        opaque.add(owner);
        continue;
      }
      for (const reference of this.localReferences(declaration)) {
        const parent = skipOuterWrappers(reference).parent;
        if (isPropertyAccessExpression(parent) && isIdentifier(parent.name)) {
          if (this.freshArrayNames.has(parent.name.text)) accesses.push({ owner, access: parent });
        }
        else if (!isHarmlessThisUse(reference)) opaque.add(owner);
      }
    }
    return { accesses, opaque };
  }
}

/** `self === other`, `if (self)`: reads that cannot reach the fields. */
function isHarmlessThisUse(reference: ts.Identifier): boolean {
  const kind = classifyUse(reference).kind;
  return kind === 'read';
}

function pushTo<V>(map: Map<Owner, Map<string, V[]>>, owner: Owner, name: string, value: V): void {
  let byName = map.get(owner);
  if (!byName) map.set(owner, (byName = new Map()));
  const list = byName.get(name);
  if (list) list.push(value);
  else byName.set(name, [value]);
}

function useOf(reference: ts.Expression, constructorDecl: ts.FunctionLikeDeclaration | undefined): QueueUse {
  const fn = enclosingFunction(reference);
  return {
    node: reference,
    ...classifyUse(reference),
    fn,
    inInitializer: false,
    inConstructor: fn !== undefined && fn === constructorDecl,
  };
}

function undeclaredField(
  name: string,
  accesses: ts.PropertyAccessExpression[],
  constructorDecl: ts.FunctionLikeDeclaration | undefined,
): QueueCandidate | undefined {
  const uses = accesses.map((access) => useOf(access, constructorDecl));
  const constructorAssignments = uses
    .filter((use) => use.inConstructor && use.kind === 'assign' && use.operator === SyntaxKind.EqualsToken)
    .map((use) => use.context as ts.BinaryExpression);
  const firstAssignment = uses.find((use) => use.kind === 'assign' && use.inConstructor) ?? uses.find((use) => use.kind === 'assign');
  if (!firstAssignment) return undefined;
  for (const use of uses) {
    use.inInitializer = use.inConstructor && constructorAssignments.some((assignment) =>
      use.node.pos >= assignment.right.pos && use.node.end <= assignment.right.end);
  }
  return {
    name,
    displayName: `this.${name}`,
    kind: 'instance-field',
    reportNode: (firstAssignment.node as ts.PropertyAccessExpression).name,
    isParameter: false,
    isExported: false,
    initializers: constructorAssignments.map((assignment) => assignment.right),
    uses,
  };
}

function isInStaticMember(node: ts.Node, classNode: ts.ClassLikeDeclaration): boolean {
  let current: ts.Node = node;
  while (current.parent && current.parent !== classNode) current = current.parent;
  if (isClassStaticBlockDeclaration(current)) return true;
  return canHaveModifiers(current) && (getModifiers(current) ?? []).some((m) => m.kind === SyntaxKind.StaticKeyword);
}

/** The local a reference is stored in (`const q = this.queue`), when that is all the use does. */
export function localAliasDeclaration(use: QueueUse): ts.VariableDeclaration | undefined {
  if (use.kind !== 'alias' || !isVariableDeclaration(use.context) || !use.context.initializer) return undefined;
  if (skipOuterWrappers(use.node) !== use.context.initializer) return undefined;
  return isIdentifier(use.context.name) && use.fn !== undefined ? use.context : undefined;
}
