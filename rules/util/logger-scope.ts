import ts from 'typescript';
import { isFunctionLike } from './ast';
/* leaklint-disable uncleared-collection, unbounded-queue -- per-file analysis state: each instance serves one linted file and is dropped with it */

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  NodeFlags, SyntaxKind, escapeLeadingUnderscores, isCaseClause, isCatchClause, isClassLike,
  isClassStaticBlockDeclaration, isDefaultClause, isForInStatement, isForOfStatement,
  isForStatement, isHeritageClause, isModuleBlock, isParameter, isSourceFile, isTypeNode,
  isVariableDeclarationList, walkUpBindingElementsAndPatterns,
} = ts;

/**
 * Which declaration each identifier refers to, built from the Identifier nodes the engine visits
 * (so the rule never walks the tree itself). Lexical scoping is modelled by text ranges: a
 * declaration is visible inside its scope node; the innermost visible one wins. Hoisting is
 * covered by ranges too; the temporal dead zone is not modelled.
 */

export type DeclarationKind = 'var' | 'let' | 'const' | 'parameter' | 'function' | 'class' | 'import' | 'catch' | 'other';

export interface Declaration {
  name: ts.Identifier;
  kind: DeclarationKind;
  /** The VariableDeclaration, ParameterDeclaration, FunctionDeclaration, ImportSpecifier, ... */
  node: ts.Node;
  /** The node whose range the name is visible in. */
  scope: ts.Node;
}

/** The function-like, module block or file a `var` belongs to. */
function varScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) || isSourceFile(current) || isModuleBlock(current) || isClassStaticBlockDeclaration(current)) {
      return current;
    }
  }
  return node.getSourceFile();
}

/** The block-like node a `let`, `const`, class or function declaration statement belongs to. */
function blockScope(statement: ts.Node): ts.Node {
  const parent = statement.parent;
  if (isCaseClause(parent) || isDefaultClause(parent)) return parent.parent;
  return parent;
}

function variableDeclarationOf(
  declaration: ts.VariableDeclaration,
  name: ts.Identifier,
  node: ts.Node,
): Declaration {
  const list = declaration.parent;
  if (isCatchClause(list)) return { name, kind: 'catch', node, scope: list };
  if (!isVariableDeclarationList(list)) return { name, kind: 'other', node, scope: varScope(declaration) };
  const flags = list.flags;
  const kind: DeclarationKind = flags & NodeFlags.Const ? 'const' : flags & (NodeFlags.Let | NodeFlags.Using | NodeFlags.AwaitUsing) ? 'let' : 'var';
  if (kind === 'var') return { name, kind, node, scope: varScope(declaration) };
  const holder = list.parent;
  const scope = isForStatement(holder) || isForInStatement(holder) || isForOfStatement(holder) ? holder : blockScope(holder);
  return { name, kind, node, scope };
}

/** The declaration `id` names, when it is the name being declared. */
export function declarationNamedBy(id: ts.Identifier): Declaration | undefined {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.VariableDeclaration:
      return (parent as ts.VariableDeclaration).name === id ? variableDeclarationOf(parent as ts.VariableDeclaration, id, parent) : undefined;
    case SyntaxKind.Parameter:
      return (parent as ts.ParameterDeclaration).name === id ? { name: id, kind: 'parameter', node: parent, scope: parent.parent } : undefined;
    case SyntaxKind.BindingElement: {
      if ((parent as ts.BindingElement).name !== id) return undefined;
      const root = walkUpBindingElementsAndPatterns(parent as ts.BindingElement);
      if (isParameter(root)) return { name: id, kind: 'parameter', node: parent, scope: root.parent };
      return variableDeclarationOf(root, id, parent);
    }
    case SyntaxKind.FunctionDeclaration:
      return (parent as ts.FunctionDeclaration).name === id ? { name: id, kind: 'function', node: parent, scope: blockScope(parent) } : undefined;
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.EnumDeclaration:
    case SyntaxKind.ModuleDeclaration:
      return (parent as ts.NamedDeclaration).name === id
        ? { name: id, kind: parent.kind === SyntaxKind.ClassDeclaration ? 'class' : 'other', node: parent, scope: blockScope(parent) }
        : undefined;
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ClassExpression:
      return (parent as ts.NamedDeclaration).name === id ? { name: id, kind: 'other', node: parent, scope: parent } : undefined;
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
    case SyntaxKind.ImportEqualsDeclaration:
      return { name: id, kind: 'import', node: parent, scope: parent.getSourceFile() };
    case SyntaxKind.ImportSpecifier:
      return (parent as ts.ImportSpecifier).name === id ? { name: id, kind: 'import', node: parent, scope: parent.getSourceFile() } : undefined;
    default:
      return undefined;
  }
}

/** True when an identifier reads or writes a variable at run time (not a property name, label, type or declaration name). */
export function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.EnumMember:
      return (parent as ts.NamedDeclaration).name !== id;
    case SyntaxKind.ExportSpecifier:
      return !(parent as ts.ExportSpecifier).parent.parent.moduleSpecifier &&
        ((parent as ts.ExportSpecifier).propertyName ?? (parent as ts.ExportSpecifier).name) === id;
    case SyntaxKind.QualifiedName:
    case SyntaxKind.TypeReference:
    case SyntaxKind.TypeQuery:
    case SyntaxKind.LabeledStatement:
    case SyntaxKind.BreakStatement:
    case SyntaxKind.ContinueStatement:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.JsxAttribute:
    case SyntaxKind.TypeParameter:
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.NamespaceExportDeclaration:
    case SyntaxKind.MetaProperty:
    case SyntaxKind.ImportType:
      return false;
    case SyntaxKind.ExpressionWithTypeArguments: {
      const clause = parent.parent;
      return isHeritageClause(clause) && clause.token === SyntaxKind.ExtendsKeyword && isClassLike(clause.parent);
    }
    default:
      return declarationNamedBy(id) === undefined && !isTypeNode(parent);
  }
}

/** What one name is in a file: where it is declared (by scope) and where it is read or written. */
interface NameIndex {
  declarations: Declaration[];
  /** Scope node to the declaration of this name made in it: resolving walks up the ancestors, not the list. */
  byScope: Map<ts.Node, Declaration>;
  /** The declaring identifier to its declaration: a name declared in thousands of functions is not searched. */
  byNameNode: Map<ts.Identifier, Declaration>;
  references: ts.Identifier[];
  /** The references grouped by the declaration they resolve to, made on the first `referencesTo` of the name. */
  byDeclaration?: Map<Declaration, ts.Identifier[]>;
}

/** The file's ScopeIndex, for `context.shared`: one for all the rules that use one. */
export function fileScopeIndex(sourceFile: ts.SourceFile): ScopeIndex {
  return new ScopeIndex(sourceFile.text);
}

export class ScopeIndex {
  /** Identifiers as fed, in traversal order (so in source order); classified per name, only for the names asked about. */
  private readonly identifiers: ts.Identifier[] = [];
  private readonly names = new Map<string, NameIndex>();
  private readonly resolved = new Map<ts.Identifier, Declaration | null>();
  /**
   * The text search below needs identifiers in source order, and finds none spelled with an
   * escape (`\u0070ino`): either way, the identifiers are filtered instead.
   */
  private searchable: boolean;

  constructor(private readonly text: string) {
    this.searchable = !text.includes('\\u');
  }

  /**
   * Feed every Identifier node, in traversal order. Each rule sharing the index feeds it (whichever
   * are on), one after the other for the same node: a node fed again is already in.
   */
  add(id: ts.Identifier): void {
    const previous = this.identifiers.length > 0 ? this.identifiers[this.identifiers.length - 1] : undefined;
    if (previous === id) return;
    if (previous && previous.end > id.end) this.searchable = false;
    this.identifiers.push(id);
  }

  /**
   * The identifiers spelled `name`, found by searching the text and then the identifier that ends
   * where each occurrence ends: touching tens of thousands of identifier objects for each name
   * asked about (a filter, or grouping them all by name) costs more than the whole rule.
   */
  private identifiersNamed(name: string): ts.Identifier[] {
    const escaped = escapeLeadingUnderscores(name);
    if (!this.searchable || name.length === 0) return this.identifiers.filter((id) => id.escapedText === escaped);
    const found: ts.Identifier[] = [];
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
      const id = endingAt(this.identifiers, at + name.length);
      if (id && id.escapedText === escaped) found.push(id);
    }
    return found;
  }

  private nameIndex(name: string): NameIndex {
    let index = this.names.get(name);
    if (index) return index;
    index = { declarations: [], byScope: new Map(), byNameNode: new Map(), references: [] };
    for (const id of this.identifiersNamed(name)) {
      const declaration = declarationNamedBy(id);
      if (declaration) {
        index.declarations.push(declaration);
        index.byScope.set(declaration.scope, declaration);
        index.byNameNode.set(declaration.name, declaration);
      } else if (isValueReference(id)) {
        index.references.push(id);
      }
    }
    this.names.set(name, index);
    return index;
  }

  /** The innermost declaration visible at `id`, or undefined for a global. */
  resolve(id: ts.Identifier): Declaration | undefined {
    const cached = this.resolved.get(id);
    if (cached !== undefined) return cached ?? undefined;
    let found: Declaration | undefined;
    const { declarations, byScope } = this.nameIndex(id.text);
    if (declarations.length > 0) {
      for (let scope: ts.Node | undefined = id; scope && !found; scope = scope.parent) found = byScope.get(scope);
    }
    this.resolved.set(id, found ?? null);
    return found;
  }

  declarationsOf(name: string): readonly Declaration[] {
    return this.nameIndex(name).declarations;
  }

  /** The declaration whose name is this identifier, if it is one: the object `resolve` returns for its references. */
  indexedDeclaration(name: ts.Identifier): Declaration | undefined {
    return this.nameIndex(name.text).byNameNode.get(name);
  }

  /** Value references to the name, in source order (the engine walks in pre-order). */
  referencesNamed(name: string): readonly ts.Identifier[] {
    return this.nameIndex(name).references;
  }

  /**
   * Every value reference that resolves to `declaration`. The references of its name are resolved
   * and grouped once: filtering them for each declaration asked about was quadratic in a file
   * that declares one name in many functions (a generated 4 MB file took 38 s, half of it here).
   */
  referencesTo(declaration: Declaration): readonly ts.Identifier[] {
    const index = this.nameIndex(declaration.name.text);
    if (index.byDeclaration === undefined) {
      const grouped = new Map<Declaration, ts.Identifier[]>();
      for (const reference of index.references) {
        const resolved = this.resolve(reference);
        if (resolved !== undefined) push(grouped, resolved, reference);
      }
      index.byDeclaration = grouped;
    }
    return index.byDeclaration.get(declaration) ?? [];
  }

  /** Value references inside `node`. */
  referencesWithin(node: ts.Node): ts.Identifier[] {
    return nodesWithin(this.identifiers, node).filter((id) => declarationNamedBy(id) === undefined && isValueReference(id));
  }

  /** True when the name is declared or referenced anywhere in the file. */
  isNameUsed(name: string): boolean {
    const index = this.nameIndex(name);
    return index.declarations.length > 0 || index.references.length > 0;
  }
}

/** The node of `ordered` (sorted by position) whose end is `end`, by binary search. */
function endingAt<T extends ts.Node>(ordered: readonly T[], end: number): T | undefined {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ordered[middle].end < end) low = middle + 1;
    else high = middle;
  }
  return low < ordered.length && ordered[low].end === end ? ordered[low] : undefined;
}

/**
 * The nodes of `ordered` (in traversal order, so sorted by `pos`) that lie inside `container`,
 * found by binary search.
 */
export function nodesWithin<T extends ts.Node>(ordered: readonly T[], container: ts.Node): T[] {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ordered[middle].pos < container.pos) low = middle + 1;
    else high = middle;
  }
  const found: T[] = [];
  for (let i = low; i < ordered.length && ordered[i].pos < container.end; i++) {
    if (ordered[i].end <= container.end && ordered[i] !== container) found.push(ordered[i]);
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
