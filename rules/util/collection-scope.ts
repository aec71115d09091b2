import ts from 'typescript';
import type { Binding, ClassFacts, FileFacts } from '../../server/engine/facts';
import { dottedName } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isAsExpression, isBinaryExpression, isCallExpression, isElementAccessExpression,
  isIdentifier, isNonNullExpression, isNumericLiteral, isObjectBindingPattern,
  isParenthesizedExpression, isPropertyDeclaration, isStringLiteralLike, isVariableDeclaration,
} = ts;
/* leaklint-disable uncleared-collection -- per-file analysis state: each instance serves one linted file and is dropped with it */

/**
 * Ways a class's fields can be reached other than through `this.x`, which the facts do not
 * follow: `const self = this`, `const { cache } = this`, `this[name]`, `Object.assign(this, …)`.
 * A field reached that way may be emptied where no rule can see it.
 */
export class HiddenFieldAccess {
  private readonly wholeThis: ts.Node[] = [];
  private readonly destructured: Array<{ node: ts.Node; names: string[] }> = [];

  /** Give it every `this` keyword (the rule's visitor for `ThisKeyword`). */
  visit(node: ts.Node): void {
    let outer: ts.Node = node;
    while (isParenthesizedExpression(outer.parent) || isAsExpression(outer.parent) || isNonNullExpression(outer.parent)) {
      outer = outer.parent;
    }
    const parent = outer.parent;
    if (isVariableDeclaration(parent) && parent.initializer === outer) {
      if (isObjectBindingPattern(parent.name) && !parent.name.elements.some((element) => element.dotDotDotToken)) {
        const names = parent.name.elements.map((element) => {
          const key = element.propertyName ?? element.name;
          return isIdentifier(key) ? key.text : '';
        });
        this.destructured.push({ node, names });
      } else {
        this.wholeThis.push(node);
      }
    } else if ((isPropertyDeclaration(parent) && parent.initializer === outer) ||
      (isBinaryExpression(parent) && parent.right === outer && parent.operatorToken.kind === SyntaxKind.EqualsToken)) {
      this.wholeThis.push(node);
    } else if (isElementAccessExpression(parent) && parent.expression === outer && !isStringLiteralLike(parent.argumentExpression) &&
      !isNumericLiteral(parent.argumentExpression)) {
      this.wholeThis.push(node);
    } else if (isCallExpression(parent) && parent.arguments[0] === outer) {
      const callee = dottedName(parent.expression);
      if (callee === 'Object.assign' || callee === 'Object.defineProperty' || callee === 'Object.defineProperties') this.wholeThis.push(node);
    }
  }

  /** True when the field may be read or written without `this.<name>`. */
  hides(binding: Binding, facts: FileFacts): boolean {
    const classFacts = binding.classFacts;
    if (!classFacts) return false;
    const inClass = (node: ts.Node): ClassFacts | undefined => facts.thisClassOf(node);
    if (this.wholeThis.some((node) => inClass(node) === classFacts)) return true;
    return this.destructured.some(({ node, names }) => inClass(node) === classFacts && names.includes(binding.name));
  }
}
