/* leaklint-disable uncleared-collection -- a FactsCollector, the one class here, lives for one file's lint and is dropped with its tree */
// A default import, not `import * as ts`: the namespace form reaches every export through a
// getter (tsc's __importStar, esbuild's __toESM), and the profile showed those getters costing
// more than the fact collection itself on this hot path.
import ts from 'typescript';

/**
 * Facts about long-lived bindings (module-level variables, class fields) that several rules need:
 * where each one is read, written, mutated and through which members. Collected during the
 * engine's single traversal (the engine calls `enter` for every node) and indexed lazily, once,
 * the first time a rule asks for them.
 */

export type BindingKind = 'module' | 'instance-field' | 'static-field';

export type UseKind =
  /** `x.m(...)`: `member` is `m`. */
  | 'call'
  /** `x.p` read: `member` is `p`. */
  | 'member-read'
  /** `x.p = v`, `x.p += v`, `x.p++`. */
  | 'member-write'
  /** `delete x.p`, `delete x[k]`. */
  | 'member-delete'
  /** `x[k]` read. */
  | 'element-read'
  /** `x[k] = v`. */
  | 'element-write'
  /** `x = v`, including `??=`, `||=`, `&&=`: see `operator`. */
  | 'assign'
  /** `x += v`, `x++`. */
  | 'update'
  /** `for (… of x)`, `for (… in x)`, `[...x]`, `{...x}`, `f(...x)`, `yield* x`. */
  | 'iterate'
  /** Passed as an argument: `f(x)`, `new C(x)`; `call` is the call. */
  | 'argument'
  /** Returned from a function, or the body of an arrow. */
  | 'return'
  /** Stored somewhere else: `y = x`, `const y = x`, `{ k: x }`, `[x]`, `export { x }`. */
  | 'alias'
  /** Anything else: conditions, comparisons, `typeof x`, template parts. */
  | 'read';

export interface BindingUse {
  /** The reference: an Identifier, or `this.x` / `this.#x` / `ClassName.x`. */
  node: ts.Expression;
  kind: UseKind;
  /** The member called, read, written or deleted (`push` in `x.push()`), when it has a static name. */
  member?: string;
  /** The expression the reference sits in, once parentheses and type assertions are looked through. */
  context: ts.Node;
  /** For `call`, `argument`: the call or new expression. */
  call?: ts.CallExpression | ts.NewExpression;
  /** For `assign`, `update`, `member-write`, `element-write`: the operator token. */
  operator?: ts.SyntaxKind;
  /** The innermost function-like node containing the use, or undefined at module / class-body level. */
  fn: ts.SignatureDeclaration | undefined;
  /** True inside the binding's own initializer (or, for a field, a constructor assignment's right side). */
  inInitializer: boolean;
  /** True when the use is directly in the class constructor (not in a nested function). */
  inConstructor: boolean;
}

export interface Binding {
  name: string;
  kind: BindingKind;
  declaration: ts.VariableDeclaration | ts.PropertyDeclaration | ts.ParameterDeclaration;
  nameNode: ts.Node;
  /** The declaration's initializer. */
  initializer: ts.Expression | undefined;
  /** For fields: right-hand sides of plain `this.x = v` assignments made directly in the constructor. */
  constructorAssignments: ts.BinaryExpression[];
  classFacts: ClassFacts | undefined;
  /** `private`, `protected`, `#name`; for a module variable: not exported. */
  isPrivate: boolean;
  isExported: boolean;
  isReadonly: boolean;
  uses: BindingUse[];
}

export interface ClassFacts {
  node: ts.ClassLikeDeclaration;
  name: string | undefined;
  fields: Map<string, Binding>;
  /** Methods and accessors by member name (`#x` for private names, `[Symbol.dispose]` for that computed name). */
  methods: Map<string, ts.MethodDeclaration | ts.AccessorDeclaration>;
  constructorDecl: ts.ConstructorDeclaration | undefined;
}

export interface ImportFacts {
  /** The module specifier: `winston`, `./bus`. */
  module: string;
  /** The imported name, `default` for a default import or `require()`, `*` for a namespace import. */
  imported: string;
}

export interface FileFacts {
  /** Module-level variables with a simple identifier name. */
  readonly moduleBindings: ReadonlyMap<string, Binding>;
  readonly classes: readonly ClassFacts[];
  /** Local name to import, including `const x = require('m')` and `const { a } = require('m')` at module level. */
  readonly imports: ReadonlyMap<string, ImportFacts>;
  /** The binding a reference node refers to, if it is one of the recorded uses. */
  useAt(node: ts.Node): BindingUse | undefined;
  bindingAt(node: ts.Node): Binding | undefined;
  /** The class whose `this` a node sees (looking through arrow functions), if any. */
  thisClassOf(node: ts.Node): ClassFacts | undefined;
  classFactsOf(node: ts.ClassLikeDeclaration): ClassFacts | undefined;
}

/** Counts finalizations, so a test can check that facts are built once per file. */
export const factsStatistics = { finalized: 0 };

export function memberNameText(name: ts.PropertyName | ts.PrivateIdentifier): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name)) {
    const expression = name.expression;
    if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      return `[${expression.expression.text}.${expression.name.text}]`;
    }
    if (ts.isStringLiteralLike(expression)) return expression.text;
  }
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // `modifiers` directly rather than ts.getModifiers, which allocates a filtered copy; decorators
  // in the list never equal a modifier kind, so the answer is the same.
  if (!ts.canHaveModifiers(node)) return false;
  const modifiers = node.modifiers;
  if (modifiers === undefined) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

/** Kinds as a table: rules call isFunctionLike for every ancestor they walk up through. */
const FUNCTION_LIKE_KINDS = kindTable([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

function kindTable(kinds: readonly ts.SyntaxKind[], value = 1): Uint8Array {
  const table = new Uint8Array(ts.SyntaxKind.Count);
  for (const kind of kinds) table[kind] = value;
  return table;
}

export function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration {
  return FUNCTION_LIKE_KINDS[node.kind] === 1;
}

/** Skips parentheses, type assertions and non-null assertions upwards. */
export function skipOuterWrappers(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      parent &&
      (ts.isParenthesizedExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isTypeAssertionExpression(parent))
    ) {
      current = parent;
    } else {
      return current;
    }
  }
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** True when an Identifier is used as a value reference (not a declaration name, property name, label or type). */
function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.QualifiedName:
    case ts.SyntaxKind.TypeReference:
    case ts.SyntaxKind.ExpressionWithTypeArguments:
    case ts.SyntaxKind.TypeQuery:
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.TypeParameter:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.ModuleDeclaration:
    case ts.SyntaxKind.NamespaceExportDeclaration:
    case ts.SyntaxKind.MetaProperty:
      return false;
    case ts.SyntaxKind.ExportSpecifier:
      // `export { x }` and `export { x as y }` refer to x through propertyName or name.
      return ((parent as ts.ExportSpecifier).propertyName ?? (parent as ts.ExportSpecifier).name) === id &&
        !(parent as ts.ExportSpecifier).parent.parent.moduleSpecifier;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.PropertyAssignment:
      return (parent as ts.NamedDeclaration).name !== id;
    case ts.SyntaxKind.BindingElement:
      return (parent as ts.BindingElement).name !== id && (parent as ts.BindingElement).propertyName !== id;
    default:
      return true;
  }
}

interface ClassifiedUse {
  kind: UseKind;
  member?: string;
  context: ts.Node;
  call?: ts.CallExpression | ts.NewExpression;
  operator?: ts.SyntaxKind;
}

function staticMemberName(access: ts.ElementAccessExpression): string | undefined {
  const argument = access.argumentExpression;
  return ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument) ? argument.text : undefined;
}

export function classifyUse(reference: ts.Expression): ClassifiedUse {
  const outer = skipOuterWrappers(reference);
  const parent = outer.parent;
  const plain = (kind: UseKind): ClassifiedUse => ({ kind, context: parent });

  if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) {
    if (parent.expression !== outer) return plain('read');
    const member = ts.isPropertyAccessExpression(parent) ? parent.name.text : staticMemberName(parent);
    const access = skipOuterWrappers(parent);
    const grand = access.parent;
    if (ts.isCallExpression(grand) && grand.expression === access && member !== undefined) {
      return { kind: 'call', member, context: grand, call: grand };
    }
    if (ts.isBinaryExpression(grand) && grand.left === access && isAssignmentOperator(grand.operatorToken.kind)) {
      const kind = ts.isPropertyAccessExpression(parent) || member === 'length' ? 'member-write' : 'element-write';
      return { kind, member, context: grand, operator: grand.operatorToken.kind };
    }
    if ((ts.isPrefixUnaryExpression(grand) || ts.isPostfixUnaryExpression(grand)) &&
      (grand.operator === ts.SyntaxKind.PlusPlusToken || grand.operator === ts.SyntaxKind.MinusMinusToken)) {
      return { kind: ts.isPropertyAccessExpression(parent) ? 'member-write' : 'element-write', member, context: grand, operator: grand.operator };
    }
    if (ts.isDeleteExpression(grand)) return { kind: 'member-delete', member, context: grand };
    return { kind: ts.isPropertyAccessExpression(parent) ? 'member-read' : 'element-read', member, context: parent };
  }
  if (ts.isBinaryExpression(parent) && isAssignmentOperator(parent.operatorToken.kind)) {
    if (parent.left === outer) {
      const operator = parent.operatorToken.kind;
      const isPlain = operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        operator === ts.SyntaxKind.BarBarEqualsToken || operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken;
      return { kind: isPlain ? 'assign' : 'update', context: parent, operator };
    }
    return plain('alias');
  }
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) {
    return { kind: 'update', context: parent, operator: parent.operator };
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== outer) {
    return { kind: 'argument', context: parent, call: parent };
  }
  switch (parent.kind) {
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
      return plain((parent as ts.ForOfStatement).expression === outer ? 'iterate' : 'read');
    case ts.SyntaxKind.SpreadElement:
    case ts.SyntaxKind.SpreadAssignment:
      return plain('iterate');
    case ts.SyntaxKind.YieldExpression:
      return plain((parent as ts.YieldExpression).asteriskToken ? 'iterate' : 'alias');
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ArrowFunction:
      return plain('return');
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.ShorthandPropertyAssignment:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ExportSpecifier:
    case ts.SyntaxKind.ExportAssignment:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.JsxExpression:
    case ts.SyntaxKind.BindingElement:
      return plain('alias');
    case ts.SyntaxKind.ConditionalExpression:
      return plain((parent as ts.ConditionalExpression).condition === outer ? 'read' : 'alias');
    case ts.SyntaxKind.BinaryExpression: {
      const operator = (parent as ts.BinaryExpression).operatorToken.kind;
      // `a ?? x`, `a || x` hand x on; comparisons and arithmetic only read it.
      const handsOn = operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.CommaToken;
      return plain(handsOn && (parent as ts.BinaryExpression).right === outer ? 'alias' : 'read');
    }
    default:
      return plain('read');
  }
}

/** The name node and the position in its class of a member declaration. */
function fieldKey(member: ts.ClassElement | ts.ParameterDeclaration): string | undefined {
  if (!member.name) return undefined;
  return ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name) || ts.isStringLiteral(member.name) ||
    ts.isNumericLiteral(member.name) || ts.isComputedPropertyName(member.name)
    ? memberNameText(member.name)
    : undefined;
}

function isVisibilityPrivate(node: ts.Node, name: ts.Node | undefined): boolean {
  return (name !== undefined && ts.isPrivateIdentifier(name)) ||
    hasModifier(node, ts.SyntaxKind.PrivateKeyword) || hasModifier(node, ts.SyntaxKind.ProtectedKeyword);
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/**
 * The class member whose `this` is visible at `node` (a method, constructor, accessor, field
 * initializer or static block), looking through arrow functions; undefined outside a class or
 * inside a plain function, which has a `this` of its own.
 */
export function thisClassMember(node: ts.Node): ts.ClassElement | undefined {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.SourceFile:
      case ts.SyntaxKind.ModuleBlock:
        return undefined;
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        return ts.isClassLike(current.parent) ? (current as ts.ClassElement) : undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** The class whose `this` is visible at `node`, looking through arrow functions and field initializers. */
function thisClassNode(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  return thisClassMember(node)?.parent as ts.ClassLikeDeclaration | undefined;
}

function isStaticContext(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassStaticBlockDeclaration(current)) return true;
    if (ts.isMethodDeclaration(current) || ts.isPropertyDeclaration(current) || ts.isAccessor(current) || ts.isConstructorDeclaration(current)) {
      return hasModifier(current, ts.SyntaxKind.StaticKeyword);
    }
  }
  return false;
}

function isWithin(node: ts.Node, container: ts.Node | undefined): boolean {
  if (!container) return false;
  return node.pos >= container.pos && node.end <= container.end;
}

const FEW_SHADOW_SCOPES = 8;

const enum EnterAction {
  None = 0,
  Identifier,
  MemberAccess,
  Class,
  Declaration,
  CatchClause,
}

/** The node kinds `FactsCollector.enter` looks at: the engine calls it for these only. */
export const FACT_KINDS: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.CatchClause,
];

const ENTER_ACTION = new Uint8Array(ts.SyntaxKind.Count);
ENTER_ACTION[ts.SyntaxKind.Identifier] = EnterAction.Identifier;
ENTER_ACTION[ts.SyntaxKind.PropertyAccessExpression] = EnterAction.MemberAccess;
ENTER_ACTION[ts.SyntaxKind.ElementAccessExpression] = EnterAction.MemberAccess;
ENTER_ACTION[ts.SyntaxKind.ClassDeclaration] = EnterAction.Class;
ENTER_ACTION[ts.SyntaxKind.ClassExpression] = EnterAction.Class;
ENTER_ACTION[ts.SyntaxKind.VariableDeclaration] = EnterAction.Declaration;
ENTER_ACTION[ts.SyntaxKind.Parameter] = EnterAction.Declaration;
ENTER_ACTION[ts.SyntaxKind.BindingElement] = EnterAction.Declaration;
ENTER_ACTION[ts.SyntaxKind.FunctionDeclaration] = EnterAction.Declaration;
ENTER_ACTION[ts.SyntaxKind.CatchClause] = EnterAction.CatchClause;

const SCOPE_KINDS = new Set([
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ModuleBlock,
]);

export class FactsCollector implements FileFacts {
  readonly moduleBindings = new Map<string, Binding>();
  readonly classes: ClassFacts[] = [];
  readonly imports = new Map<string, ImportFacts>();
  private readonly classByNode = new Map<ts.ClassLikeDeclaration, ClassFacts>();
  private readonly classByName = new Map<string, ClassFacts>();
  private readonly pending: Array<{ binding: Binding; node: ts.Expression }> = [];
  /** Local declarations that shadow a module binding: name to the scopes declaring it. */
  private readonly shadows = new Map<string, ts.Node[]>();
  private readonly shadowScopeSets = new Map<string, Set<ts.Node>>();
  private readonly usesByNode = new Map<ts.Node, { binding: Binding; use: BindingUse }>();
  private finalized = false;

  constructor(private readonly sourceFile: ts.SourceFile) {
    for (const statement of sourceFile.statements) this.collectModuleStatement(statement);
  }

  private collectModuleStatement(statement: ts.Statement): void {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) return;
      if (clause.name) this.imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          this.imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
      return;
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)) {
      this.imports.set(statement.name.text, { module: statement.moduleReference.expression.text, imported: 'default' });
      return;
    }
    if (!ts.isVariableStatement(statement)) return;
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const required = requiredModule(declaration.initializer);
      if (required !== undefined) {
        if (ts.isIdentifier(declaration.name)) {
          this.imports.set(declaration.name.text, { module: required.module, imported: required.member ?? 'default' });
        } else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (!ts.isIdentifier(element.name)) continue;
            const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
            this.imports.set(element.name.text, { module: required.module, imported });
          }
        }
        continue;
      }
      if (!ts.isIdentifier(declaration.name)) continue;
      this.moduleBindings.set(declaration.name.text, {
        name: declaration.name.text,
        kind: 'module',
        declaration,
        nameNode: declaration.name,
        initializer: declaration.initializer,
        constructorAssignments: [],
        classFacts: undefined,
        isPrivate: !exported,
        isExported: exported,
        isReadonly: isConst,
        uses: [],
      });
    }
  }

  private registerClass(node: ts.ClassLikeDeclaration): void {
    const facts: ClassFacts = {
      node,
      name: node.name?.text,
      fields: new Map(),
      methods: new Map(),
      constructorDecl: undefined,
    };
    const addField = (member: ts.PropertyDeclaration | ts.ParameterDeclaration, isStatic: boolean) => {
      const key = fieldKey(member);
      if (key === undefined) return;
      facts.fields.set(key, {
        name: key,
        kind: isStatic ? 'static-field' : 'instance-field',
        declaration: member,
        nameNode: member.name,
        initializer: member.initializer,
        constructorAssignments: [],
        classFacts: facts,
        isPrivate: isVisibilityPrivate(member, member.name),
        isExported: false,
        isReadonly: hasModifier(member, ts.SyntaxKind.ReadonlyKeyword),
        uses: [],
      });
    };
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member)) {
        addField(member, hasModifier(member, ts.SyntaxKind.StaticKeyword));
      } else if (ts.isMethodDeclaration(member) || ts.isAccessor(member)) {
        const key = member.name ? memberNameText(member.name) : undefined;
        if (key !== undefined && (!facts.methods.has(key) || member.body)) facts.methods.set(key, member);
      } else if (ts.isConstructorDeclaration(member) && member.body) {
        facts.constructorDecl = member;
        for (const parameter of member.parameters) {
          if (ts.isParameterPropertyDeclaration(parameter, member)) addField(parameter, false);
        }
      }
    }
    this.classes.push(facts);
    this.classByNode.set(node, facts);
    if (facts.name !== undefined) this.classByName.set(facts.name, facts);
  }

  private recordShadow(name: string, declaration: ts.Node): void {
    let scope: ts.Node | undefined = declaration.parent;
    const isVar = ts.isVariableDeclaration(declaration) &&
      ts.isVariableDeclarationList(declaration.parent) &&
      (declaration.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
    const isParameterOrVar = isVar || ts.isParameter(declaration) ||
      (ts.isBindingElement(declaration) && ts.isParameter(ts.walkUpBindingElementsAndPatterns(declaration)));
    for (; scope; scope = scope.parent) {
      if (isFunctionLike(scope) || ts.isSourceFile(scope)) break;
      if (!isParameterOrVar && SCOPE_KINDS.has(scope.kind)) break;
    }
    // A named function expression or class expression is visible only inside itself.
    if ((ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) && scope === declaration) scope = declaration.parent;
    if (!scope || ts.isSourceFile(scope)) return;
    this.addShadowScope(name, scope);
  }

  private addShadowScope(name: string, scope: ts.Node): void {
    const scopes = this.shadows.get(name);
    if (scopes) scopes.push(scope);
    else this.shadows.set(name, [scope]);
  }

  /** Called by the engine for every node of a kind in FACT_KINDS, in traversal order (parents before children). */
  enter(node: ts.Node): void {
    // One table load per node; most nodes need nothing, and a switch over `ts.SyntaxKind.X`
    // cases would evaluate each case expression in turn.
    switch (ENTER_ACTION[node.kind]) {
      case EnterAction.None:
        return;
      case EnterAction.Identifier: {
        const binding = this.moduleBindings.get((node as ts.Identifier).text);
        if (binding && binding.nameNode !== node && isValueReference(node as ts.Identifier)) {
          this.pending.push({ binding, node: node as ts.Identifier });
        }
        return;
      }
      case EnterAction.MemberAccess:
        if (this.classes.length > 0) this.enterMemberAccess(node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
        return;
      case EnterAction.Class:
        this.registerClass(node as ts.ClassLikeDeclaration);
        if ((node as ts.ClassLikeDeclaration).name && node.parent.kind !== ts.SyntaxKind.SourceFile) {
          this.maybeShadow((node as ts.ClassLikeDeclaration).name!, node);
        }
        return;
      case EnterAction.Declaration: {
        if (this.moduleBindings.size === 0) return;
        const name = (node as ts.NamedDeclaration).name;
        if (name && ts.isIdentifier(name) && node.parent.kind !== ts.SyntaxKind.SourceFile &&
          !(ts.isVariableDeclaration(node) && this.moduleBindings.get(name.text)?.declaration === node)) {
          this.maybeShadow(name, node);
        }
        return;
      }
      case EnterAction.CatchClause: {
        const variable = (node as ts.CatchClause).variableDeclaration;
        if (variable && ts.isIdentifier(variable.name) && this.moduleBindings.has(variable.name.text)) {
          this.addShadowScope(variable.name.text, node);
        }
        return;
      }
    }
  }

  private maybeShadow(name: ts.Identifier, declaration: ts.Node): void {
    if (this.moduleBindings.has(name.text)) this.recordShadow(name.text, declaration);
  }

  private enterMemberAccess(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): void {
    const receiver = node.expression;
    const key = ts.isPropertyAccessExpression(node)
      ? node.name.text
      : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined) return;
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
      const classNode = thisClassNode(node);
      const field = classNode ? this.classByNode.get(classNode)?.fields.get(key) : undefined;
      if (field && (field.kind === 'static-field') === isStaticContext(node)) this.pending.push({ binding: field, node });
      return;
    }
    if (ts.isIdentifier(receiver)) {
      // `ClassName.field` for a static field, from inside or outside the class.
      const field = this.classByName.get(receiver.text)?.fields.get(key);
      if (field && field.kind === 'static-field') this.pending.push({ binding: field, node });
    }
  }

  private finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    factsStatistics.finalized++;
    for (const { binding, node } of this.pending) {
      if (ts.isIdentifier(node) && this.isShadowed(node)) continue;
      const classified = classifyUse(node);
      const fn = enclosingFunction(node);
      const declaration = binding.declaration;
      let inInitializer = isWithin(node, declaration.initializer);
      const inConstructor = fn !== undefined && fn === binding.classFacts?.constructorDecl;
      if (inConstructor && classified.kind === 'assign' && classified.operator === ts.SyntaxKind.EqualsToken) {
        binding.constructorAssignments.push(classified.context as ts.BinaryExpression);
      }
      if (!inInitializer && inConstructor) {
        inInitializer = binding.constructorAssignments.some((assignment) => isWithin(node, assignment.right));
      }
      const use: BindingUse = { node, ...classified, fn, inInitializer, inConstructor };
      binding.uses.push(use);
      this.usesByNode.set(node, { binding, use });
      if (binding.kind === 'module' && (classified.kind === 'alias') && ts.isExportSpecifier(classified.context)) {
        binding.isExported = true;
        binding.isPrivate = false;
      }
    }
    for (const statement of this.sourceFile.statements) {
      if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
        const binding = this.moduleBindings.get(statement.expression.text);
        if (binding) {
          binding.isExported = true;
          binding.isPrivate = false;
        }
      }
    }
  }

  private isShadowed(node: ts.Identifier): boolean {
    const scopes = this.shadows.get(node.text);
    if (!scopes) return false;
    // A name shadowed in many scopes (`i`, `e`, `options`) would make checking every use against
    // every scope quadratic; past a few scopes, walk up from the use and look each ancestor up.
    if (scopes.length <= FEW_SHADOW_SCOPES) return scopes.some((scope) => isWithin(node, scope));
    let scopeSet = this.shadowScopeSets.get(node.text);
    if (!scopeSet) {
      scopeSet = new Set(scopes);
      this.shadowScopeSets.set(node.text, scopeSet);
    }
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      if (scopeSet.has(current)) return true;
    }
    return false;
  }

  useAt(node: ts.Node): BindingUse | undefined {
    this.finalize();
    return this.usesByNode.get(node)?.use;
  }

  bindingAt(node: ts.Node): Binding | undefined {
    this.finalize();
    return this.usesByNode.get(node)?.binding;
  }

  thisClassOf(node: ts.Node): ClassFacts | undefined {
    const classNode = thisClassNode(node);
    return classNode ? this.classByNode.get(classNode) : undefined;
  }

  classFactsOf(node: ts.ClassLikeDeclaration): ClassFacts | undefined {
    return this.classByNode.get(node);
  }

  /** The facts with every use resolved; rules reach this through `context.facts`. */
  complete(): FileFacts {
    this.finalize();
    return this;
  }
}

function requiredModule(initializer: ts.Expression | undefined): { module: string; member?: string } | undefined {
  if (!initializer) return undefined;
  let expression = initializer;
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(expression)) {
    member = expression.name.text;
    expression = expression.expression;
  }
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'require' &&
    expression.arguments.length === 1 && ts.isStringLiteralLike(expression.arguments[0])) {
    return { module: expression.arguments[0].text, member };
  }
  return undefined;
}
