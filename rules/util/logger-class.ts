import ts from 'typescript';
import { nodesWithin, type ScopeIndex } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, canHaveModifiers, getModifiers, isBinaryExpression, isCallExpression,
  isClassDeclaration, isClassExpression, isConstructorDeclaration, isElementAccessExpression,
  isFunctionLike, isIdentifier, isMethodDeclaration, isParenthesizedExpression,
  isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression,
  isPropertyDeclaration, isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Whether a logger class declared in the file is plain data: its constructor and field
 * initializers store values and call nothing outside the class, so an instance holds no file,
 * timer, listener or registry entry. Making one per call costs an allocation, not a leak.
 * Classes that extend another class are never plain here: the parent constructor is unseen.
 */

function classOf(callee: ts.Expression, scopes: ScopeIndex): ts.ClassLikeDeclaration | undefined {
  if (!isIdentifier(callee)) return undefined;
  const declaration = scopes.resolve(callee);
  if (!declaration) return undefined;
  if (isClassDeclaration(declaration.node)) return declaration.node;
  if (isVariableDeclaration(declaration.node) && declaration.node.initializer && isClassExpression(declaration.node.initializer)) {
    return declaration.node.initializer;
  }
  return undefined;
}

function isStatic(member: ts.ClassElement): boolean {
  return (canHaveModifiers(member) ? getModifiers(member) ?? [] : []).some((modifier) => modifier.kind === SyntaxKind.StaticKeyword);
}

function insideNestedFunction(node: ts.Node, container: ts.Node): boolean {
  for (let current = node.parent; current && current !== container; current = current.parent) {
    if (isFunctionLike(current)) return true;
  }
  return false;
}

function rootOf(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isPropertyAccessExpression(current) || isElementAccessExpression(current) || isParenthesizedExpression(current)) {
    current = current.expression;
  }
  return current;
}

export class PlainClassCheck {
  private readonly verdicts = new Map<ts.ClassLikeDeclaration, boolean>();

  constructor(
    private readonly scopes: ScopeIndex,
    /** Calls, `new`s, assignments, updates and deletes, in traversal order. */
    private readonly effectNodes: readonly ts.Node[],
  ) {}

  /** True when `new Callee()` builds an instance of a plain-data class declared in this file. */
  isPlainConstruction(node: ts.NewExpression): boolean {
    const classNode = classOf(node.expression, this.scopes);
    if (!classNode) return false;
    let verdict = this.verdicts.get(classNode);
    if (verdict === undefined) {
      verdict = this.isPlainClass(classNode);
      this.verdicts.set(classNode, verdict);
    }
    return verdict;
  }

  private isPlainClass(classNode: ts.ClassLikeDeclaration): boolean {
    if (classNode.heritageClauses?.some((clause) => clause.token === SyntaxKind.ExtendsKeyword)) return false;
    const methods = new Map<string, ts.MethodDeclaration>();
    for (const member of classNode.members) {
      if (isMethodDeclaration(member) && isIdentifier(member.name) && member.body) methods.set(member.name.text, member);
    }
    const runsOnConstruction = classNode.members.filter((member) =>
      (isConstructorDeclaration(member) && member.body) || (isPropertyDeclaration(member) && member.initializer && !isStatic(member)));
    return runsOnConstruction.every((member) => this.onlyStores(member, classNode, methods, true));
  }

  /** No effect reaches outside the instance; a helper of the class itself may be called once removed. */
  private onlyStores(container: ts.Node, classNode: ts.ClassLikeDeclaration, methods: Map<string, ts.MethodDeclaration>, mayCallHelpers: boolean): boolean {
    for (const node of nodesWithin(this.effectNodes, container)) {
      if (node.kind === SyntaxKind.ThisKeyword || insideNestedFunction(node, container)) continue;
      if (isCallExpression(node) && mayCallHelpers) {
        const helper = this.ownHelper(node, classNode, methods);
        if (helper && this.onlyStores(helper, classNode, methods, false)) continue;
        return false;
      }
      const target = isBinaryExpression(node) ? node.left
        : isPrefixUnaryExpression(node) || isPostfixUnaryExpression(node) ? node.operand : undefined;
      if (target && rootOf(target).kind === SyntaxKind.ThisKeyword) continue;
      return false;
    }
    return true;
  }

  /** The method a call like `this.m()` or `ClassName.m()` runs, when it is one of the class's own. */
  private ownHelper(call: ts.CallExpression, classNode: ts.ClassLikeDeclaration, methods: Map<string, ts.MethodDeclaration>): ts.MethodDeclaration | undefined {
    const callee = call.expression;
    if (!isPropertyAccessExpression(callee)) return undefined;
    const receiver = callee.expression;
    const ownReceiver = receiver.kind === SyntaxKind.ThisKeyword ||
      (isIdentifier(receiver) && classNode.name !== undefined && receiver.text === classNode.name.text);
    return ownReceiver ? methods.get(callee.name.text) : undefined;
  }
}
