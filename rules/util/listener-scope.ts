import ts from 'typescript';
import { isFunctionLike, isWithin } from './ast';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  isClassDeclaration, isClassStaticBlockDeclaration, isFunctionDeclaration, isIdentifier,
  isParameter,
} = ts;

/**
 * Where names are declared, so a rule can tell a global (`window`, `process`) or a module-level
 * variable from a parameter or local that happens to share the name, and an object the current
 * function created from one that outlives it. Fed by the rule's visitors.
 */
export class DeclarationIndex {
  private readonly byName = new Map<string, ts.Node[]>();

  visit(node: ts.Node): void {
    const name = (node as ts.NamedDeclaration).name;
    if (!name || !isIdentifier(name)) return;
    const list = this.byName.get(name.text);
    if (list) list.push(node);
    else this.byName.set(name.text, [node]);
  }

  /** True when `name` is declared inside `scope` (its parameters included). */
  declaredWithin(name: string, scope: ts.Node): boolean {
    return (this.byName.get(name) ?? []).some((declaration) => declaration !== scope && isWithin(declaration, scope));
  }

  /** True when `name`, seen at `at`, is a parameter or local of a function around `at`. */
  isLocalAt(name: string, at: ts.Node): boolean {
    return (this.byName.get(name) ?? []).some((declaration) => {
      const scope = scopeOf(declaration);
      return scope !== undefined && isWithin(at, scope);
    });
  }

  /** Declarations of `name` at module level (not inside any function). */
  moduleLevel(name: string): ts.Node[] {
    return (this.byName.get(name) ?? []).filter((declaration) => scopeOf(declaration) === undefined);
  }
}

/** The function a declaration's name is visible in, undefined at module level. */
function scopeOf(declaration: ts.Node): ts.Node | undefined {
  // A function declaration's own name belongs to the scope around it.
  const start = isFunctionDeclaration(declaration) || isClassDeclaration(declaration) ? declaration.parent : declaration;
  if (isParameter(declaration)) return declaration.parent;
  for (let current: ts.Node | undefined = start; current; current = current.parent) {
    if (isFunctionLike(current) || isClassStaticBlockDeclaration(current)) return current;
  }
  return undefined;
}

