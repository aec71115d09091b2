import ts from 'typescript';
import type { ClassFacts, FileFacts } from '../../server/engine/facts';
import { unwrap } from './queue-expressions';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  isAccessor, isArrowFunction, isClassLike, isConstructorDeclaration, isFunctionDeclaration,
  isFunctionExpression, isGetAccessor, isIdentifier, isMethodDeclaration,
  isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isSetAccessor,
  isSourceFile, isStringLiteral,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Who a `this` belongs to. The facts know classes; older JavaScript writes the same thing as a
 * constructor function and methods on its prototype:
 *
 *   function Pool() { this.tasks = []; }
 *   Pool.prototype.add = function (task) { this.tasks.push(task); };
 *   Pool.prototype = { next: function () { return this.tasks.shift(); } };
 *
 * Such a function's `this.x` is an instance field just like a class's.
 */

export interface PrototypeOwner {
  name: string;
  constructorDecl: ts.FunctionDeclaration | undefined;
  /** Method names assigned on the prototype. */
  methods: Set<string>;
}

export type Owner = ClassFacts | PrototypeOwner;

export function isClassOwner(owner: Owner): owner is ClassFacts {
  return 'node' in owner;
}

/** `X.prototype.m = …` -> X; `X.prototype = …` -> X. */
function prototypeTarget(expression: ts.Expression): { owner: string; method?: string } | undefined {
  const inner = unwrap(expression);
  if (!isPropertyAccessExpression(inner)) return undefined;
  if (inner.name.text === 'prototype' && isIdentifier(inner.expression)) return { owner: inner.expression.text };
  const holder = unwrap(inner.expression);
  if (isPropertyAccessExpression(holder) && holder.name.text === 'prototype' && isIdentifier(holder.expression)) {
    return { owner: holder.expression.text, method: inner.name.text };
  }
  return undefined;
}

/** The function whose `this` `node` sees, looking through arrows; undefined at class or module level. */
function thisFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isArrowFunction(current)) continue;
    if (isFunctionDeclaration(current) || isFunctionExpression(current) || isMethodDeclaration(current) ||
      isGetAccessor(current) || isSetAccessor(current)) return current;
    if (isClassLike(current) || isSourceFile(current) || isConstructorDeclaration(current)) return undefined;
  }
  return undefined;
}

export class OwnerResolver {
  private readonly prototypes = new Map<string, PrototypeOwner>();
  private readonly functionOwners = new Map<ts.Node, string>();
  private readonly pendingConstructors = new Map<string, ts.FunctionDeclaration>();
  private settled = false;

  /** Called for every assignment `X.prototype.m = f` or `X.prototype = { … }` the rule saw. */
  notePrototypeAssignment(assignment: ts.BinaryExpression): void {
    const target = prototypeTarget(assignment.left);
    if (!target) return;
    const owner = this.prototypeOwner(target.owner);
    const value = unwrap(assignment.right);
    if (target.method !== undefined) {
      owner.methods.add(target.method);
      if (isFunctionExpression(value)) this.functionOwners.set(value, target.owner);
      return;
    }
    if (!isObjectLiteralExpression(value)) return;
    for (const property of value.properties) {
      const name = property.name && (isIdentifier(property.name) || isStringLiteral(property.name)) ? property.name.text : undefined;
      if (name === undefined) continue;
      owner.methods.add(name);
      const method = isPropertyAssignment(property) ? unwrap(property.initializer) : property;
      if (isFunctionExpression(method) || isMethodDeclaration(method) || isAccessor(method)) {
        this.functionOwners.set(method, target.owner);
      }
    }
  }

  /** Called for every function declaration: a capitalised one, or one with prototype methods, is a constructor. */
  noteFunctionDeclaration(declaration: ts.FunctionDeclaration): void {
    if (!declaration.name || !declaration.body) return;
    const name = declaration.name.text;
    if (/^[A-Z]/.test(name)) this.prototypeOwner(name).constructorDecl ??= declaration;
    else this.pendingConstructors.set(name, declaration);
  }

  private prototypeOwner(name: string): PrototypeOwner {
    let owner = this.prototypes.get(name);
    if (!owner) this.prototypes.set(name, (owner = { name, constructorDecl: undefined, methods: new Set() }));
    return owner;
  }

  /** Lowercase constructors count once something is put on their prototype. */
  private settle(): void {
    for (const [name, declaration] of this.pendingConstructors) {
      const owner = this.prototypes.get(name);
      if (owner) owner.constructorDecl ??= declaration;
    }
    this.pendingConstructors.clear();
    for (const owner of this.prototypes.values()) {
      if (owner.constructorDecl) this.functionOwners.set(owner.constructorDecl, owner.name);
    }
  }

  ownerOfThis(node: ts.Node, facts: FileFacts): Owner | undefined {
    if (!this.settled) {
      this.settle();
      this.settled = true;
    }
    const owningClass = facts.thisClassOf(node);
    if (owningClass) return owningClass;
    const fn = thisFunction(node);
    const name = fn ? this.functionOwners.get(fn) : undefined;
    return name !== undefined ? this.prototypes.get(name) : undefined;
  }

  /** Whether `name` is a method of the owner, or a field the facts already track. */
  declares(owner: Owner, name: string): boolean {
    return isClassOwner(owner) ? owner.methods.has(name) || owner.fields.has(name) : owner.methods.has(name);
  }
}
