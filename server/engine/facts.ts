/* leaklint-disable uncleared-collection -- a FactsCollector, the one class here, lives for one file's lint and is dropped with its tree */
// A default import, not `import * as ts`: the namespace form reaches every export through a
// getter (tsc's __importStar, esbuild's __toESM), and the profile showed those getters costing
// more than the fact collection itself on this hot path.
import ts from 'typescript';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  NodeFlags, SyntaxKind, canHaveModifiers, getModifiers, isAccessor, isAsExpression,
  isBinaryExpression, isBindingElement, isCallExpression, isClassDeclaration, isClassLike,
  isClassStaticBlockDeclaration, isComputedPropertyName, isConstructorDeclaration,
  isDeleteExpression, isElementAccessExpression, isExportAssignment, isExportSpecifier,
  isExternalModuleReference, isFunctionDeclaration, isIdentifier, isImportDeclaration,
  isImportEqualsDeclaration, isMethodDeclaration, isNamedImports, isNamespaceImport,
  isNewExpression, isNonNullExpression, isNumericLiteral, isObjectBindingPattern, isParameter,
  isParameterPropertyDeclaration, isParenthesizedExpression, isPostfixUnaryExpression,
  isPrefixUnaryExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyDeclaration,
  isSatisfiesExpression, isSourceFile, isStringLiteral, isStringLiteralLike,
  isTypeAssertionExpression, isVariableDeclaration, isVariableDeclarationList, isVariableStatement,
  walkUpBindingElementsAndPatterns,
} = ts;

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
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)) {
    return name.text;
  }
  if (isComputedPropertyName(name)) {
    const expression = name.expression;
    if (isPropertyAccessExpression(expression) && isIdentifier(expression.expression)) {
      return `[${expression.expression.text}.${expression.name.text}]`;
    }
    if (isStringLiteralLike(expression)) return expression.text;
  }
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // `modifiers` directly rather than getModifiers, which allocates a filtered copy; decorators
  // in the list never equal a modifier kind, so the answer is the same.
  if (!canHaveModifiers(node)) return false;
  const modifiers = node.modifiers;
  if (modifiers === undefined) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

/** Kinds as a table: rules call isFunctionLike for every ancestor they walk up through. */
const FUNCTION_LIKE_KINDS = kindTable([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
]);

function kindTable(kinds: readonly ts.SyntaxKind[], value = 1): Uint8Array {
  const table = new Uint8Array(SyntaxKind.Count);
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
      (isParenthesizedExpression(parent) ||
        isAsExpression(parent) ||
        isNonNullExpression(parent) ||
        isSatisfiesExpression(parent) ||
        isTypeAssertionExpression(parent))
    ) {
      current = parent;
    } else {
      return current;
    }
  }
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** True when an Identifier is used as a value reference (not a declaration name, property name, label or type). */
function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case SyntaxKind.QualifiedName:
    case SyntaxKind.TypeReference:
    case SyntaxKind.ExpressionWithTypeArguments:
    case SyntaxKind.TypeQuery:
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
    case SyntaxKind.ImportEqualsDeclaration:
    case SyntaxKind.LabeledStatement:
    case SyntaxKind.BreakStatement:
    case SyntaxKind.ContinueStatement:
    case SyntaxKind.EnumMember:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.JsxAttribute:
    case SyntaxKind.TypeParameter:
    case SyntaxKind.TypeAliasDeclaration:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.ModuleDeclaration:
    case SyntaxKind.NamespaceExportDeclaration:
    case SyntaxKind.MetaProperty:
      return false;
    case SyntaxKind.ExportSpecifier:
      // `export { x }` and `export { x as y }` refer to x through propertyName or name.
      return ((parent as ts.ExportSpecifier).propertyName ?? (parent as ts.ExportSpecifier).name) === id &&
        !(parent as ts.ExportSpecifier).parent.parent.moduleSpecifier;
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.ClassExpression:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.PropertyAssignment:
      return (parent as ts.NamedDeclaration).name !== id;
    case SyntaxKind.BindingElement:
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
  return isStringLiteralLike(argument) || isNumericLiteral(argument) ? argument.text : undefined;
}

export function classifyUse(reference: ts.Expression): ClassifiedUse {
  const outer = skipOuterWrappers(reference);
  const parent = outer.parent;
  const plain = (kind: UseKind): ClassifiedUse => ({ kind, context: parent });

  if (isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) {
    if (parent.expression !== outer) return plain('read');
    const member = isPropertyAccessExpression(parent) ? parent.name.text : staticMemberName(parent);
    const access = skipOuterWrappers(parent);
    const grand = access.parent;
    if (isCallExpression(grand) && grand.expression === access && member !== undefined) {
      return { kind: 'call', member, context: grand, call: grand };
    }
    if (isBinaryExpression(grand) && grand.left === access && isAssignmentOperator(grand.operatorToken.kind)) {
      const kind = isPropertyAccessExpression(parent) || member === 'length' ? 'member-write' : 'element-write';
      return { kind, member, context: grand, operator: grand.operatorToken.kind };
    }
    if ((isPrefixUnaryExpression(grand) || isPostfixUnaryExpression(grand)) &&
      (grand.operator === SyntaxKind.PlusPlusToken || grand.operator === SyntaxKind.MinusMinusToken)) {
      return { kind: isPropertyAccessExpression(parent) ? 'member-write' : 'element-write', member, context: grand, operator: grand.operator };
    }
    if (isDeleteExpression(grand)) return { kind: 'member-delete', member, context: grand };
    return { kind: isPropertyAccessExpression(parent) ? 'member-read' : 'element-read', member, context: parent };
  }
  if (isBinaryExpression(parent) && isAssignmentOperator(parent.operatorToken.kind)) {
    if (parent.left === outer) {
      const operator = parent.operatorToken.kind;
      const isPlain = operator === SyntaxKind.EqualsToken || operator === SyntaxKind.QuestionQuestionEqualsToken ||
        operator === SyntaxKind.BarBarEqualsToken || operator === SyntaxKind.AmpersandAmpersandEqualsToken;
      return { kind: isPlain ? 'assign' : 'update', context: parent, operator };
    }
    return plain('alias');
  }
  if ((isPrefixUnaryExpression(parent) || isPostfixUnaryExpression(parent)) &&
    (parent.operator === SyntaxKind.PlusPlusToken || parent.operator === SyntaxKind.MinusMinusToken)) {
    return { kind: 'update', context: parent, operator: parent.operator };
  }
  if ((isCallExpression(parent) || isNewExpression(parent)) && parent.expression !== outer) {
    return { kind: 'argument', context: parent, call: parent };
  }
  switch (parent.kind) {
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.ForInStatement:
      return plain((parent as ts.ForOfStatement).expression === outer ? 'iterate' : 'read');
    case SyntaxKind.SpreadElement:
    case SyntaxKind.SpreadAssignment:
      return plain('iterate');
    case SyntaxKind.YieldExpression:
      return plain((parent as ts.YieldExpression).asteriskToken ? 'iterate' : 'alias');
    case SyntaxKind.ReturnStatement:
    case SyntaxKind.ArrowFunction:
      return plain('return');
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.ShorthandPropertyAssignment:
    case SyntaxKind.ArrayLiteralExpression:
    case SyntaxKind.ExportSpecifier:
    case SyntaxKind.ExportAssignment:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.JsxExpression:
    case SyntaxKind.BindingElement:
      return plain('alias');
    case SyntaxKind.ConditionalExpression:
      return plain((parent as ts.ConditionalExpression).condition === outer ? 'read' : 'alias');
    case SyntaxKind.BinaryExpression: {
      const operator = (parent as ts.BinaryExpression).operatorToken.kind;
      // `a ?? x`, `a || x` hand x on; comparisons and arithmetic only read it.
      const handsOn = operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken ||
        operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.CommaToken;
      return plain(handsOn && (parent as ts.BinaryExpression).right === outer ? 'alias' : 'read');
    }
    default:
      return plain('read');
  }
}

/** The name node and the position in its class of a member declaration. */
function fieldKey(member: ts.ClassElement | ts.ParameterDeclaration): string | undefined {
  if (!member.name) return undefined;
  return isIdentifier(member.name) || isPrivateIdentifier(member.name) || isStringLiteral(member.name) ||
    isNumericLiteral(member.name) || isComputedPropertyName(member.name)
    ? memberNameText(member.name)
    : undefined;
}

function isVisibilityPrivate(node: ts.Node, name: ts.Node | undefined): boolean {
  return (name !== undefined && isPrivateIdentifier(name)) ||
    hasModifier(node, SyntaxKind.PrivateKeyword) || hasModifier(node, SyntaxKind.ProtectedKeyword);
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (isClassLike(current) || isSourceFile(current)) return undefined;
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
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.SourceFile:
      case SyntaxKind.ModuleBlock:
        return undefined;
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.Constructor:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
      case SyntaxKind.PropertyDeclaration:
      case SyntaxKind.ClassStaticBlockDeclaration:
        return isClassLike(current.parent) ? (current as ts.ClassElement) : undefined;
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
    if (isClassStaticBlockDeclaration(current)) return true;
    if (isMethodDeclaration(current) || isPropertyDeclaration(current) || isAccessor(current) || isConstructorDeclaration(current)) {
      return hasModifier(current, SyntaxKind.StaticKeyword);
    }
  }
  return false;
}

/** True when `node` lies inside `container`'s range (`container` itself included). */
export function isWithin(node: ts.Node, container: ts.Node): boolean {
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
  SyntaxKind.Identifier,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ClassExpression,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.CatchClause,
];

const ENTER_ACTION = new Uint8Array(SyntaxKind.Count);
ENTER_ACTION[SyntaxKind.Identifier] = EnterAction.Identifier;
ENTER_ACTION[SyntaxKind.PropertyAccessExpression] = EnterAction.MemberAccess;
ENTER_ACTION[SyntaxKind.ElementAccessExpression] = EnterAction.MemberAccess;
ENTER_ACTION[SyntaxKind.ClassDeclaration] = EnterAction.Class;
ENTER_ACTION[SyntaxKind.ClassExpression] = EnterAction.Class;
ENTER_ACTION[SyntaxKind.VariableDeclaration] = EnterAction.Declaration;
ENTER_ACTION[SyntaxKind.Parameter] = EnterAction.Declaration;
ENTER_ACTION[SyntaxKind.BindingElement] = EnterAction.Declaration;
ENTER_ACTION[SyntaxKind.FunctionDeclaration] = EnterAction.Declaration;
ENTER_ACTION[SyntaxKind.CatchClause] = EnterAction.CatchClause;

const SCOPE_KINDS = new Set([
  SyntaxKind.Block,
  SyntaxKind.ForStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.CaseBlock,
  SyntaxKind.CatchClause,
  SyntaxKind.ModuleBlock,
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
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) return;
      if (clause.name) this.imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && isNamespaceImport(bindings)) this.imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          this.imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
      return;
    }
    if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference) &&
      isStringLiteral(statement.moduleReference.expression)) {
      this.imports.set(statement.name.text, { module: statement.moduleReference.expression.text, imported: 'default' });
      return;
    }
    if (!isVariableStatement(statement)) return;
    const exported = hasModifier(statement, SyntaxKind.ExportKeyword);
    const isConst = (statement.declarationList.flags & NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const required = requiredModule(declaration.initializer);
      if (required !== undefined) {
        if (isIdentifier(declaration.name)) {
          this.imports.set(declaration.name.text, { module: required.module, imported: required.member ?? 'default' });
        } else if (isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (!isIdentifier(element.name)) continue;
            const imported = element.propertyName && isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
            this.imports.set(element.name.text, { module: required.module, imported });
          }
        }
        continue;
      }
      if (!isIdentifier(declaration.name)) continue;
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
        isReadonly: hasModifier(member, SyntaxKind.ReadonlyKeyword),
        uses: [],
      });
    };
    for (const member of node.members) {
      if (isPropertyDeclaration(member)) {
        addField(member, hasModifier(member, SyntaxKind.StaticKeyword));
      } else if (isMethodDeclaration(member) || isAccessor(member)) {
        const key = member.name ? memberNameText(member.name) : undefined;
        if (key !== undefined && (!facts.methods.has(key) || member.body)) facts.methods.set(key, member);
      } else if (isConstructorDeclaration(member) && member.body) {
        facts.constructorDecl = member;
        for (const parameter of member.parameters) {
          if (isParameterPropertyDeclaration(parameter, member)) addField(parameter, false);
        }
      }
    }
    this.classes.push(facts);
    this.classByNode.set(node, facts);
    if (facts.name !== undefined) this.classByName.set(facts.name, facts);
  }

  private recordShadow(name: string, declaration: ts.Node): void {
    let scope: ts.Node | undefined = declaration.parent;
    const isVar = isVariableDeclaration(declaration) &&
      isVariableDeclarationList(declaration.parent) &&
      (declaration.parent.flags & (NodeFlags.Let | NodeFlags.Const)) === 0;
    const isParameterOrVar = isVar || isParameter(declaration) ||
      (isBindingElement(declaration) && isParameter(walkUpBindingElementsAndPatterns(declaration)));
    for (; scope; scope = scope.parent) {
      if (isFunctionLike(scope) || isSourceFile(scope)) break;
      if (!isParameterOrVar && SCOPE_KINDS.has(scope.kind)) break;
    }
    // A named function expression or class expression is visible only inside itself.
    if ((isFunctionDeclaration(declaration) || isClassDeclaration(declaration)) && scope === declaration) scope = declaration.parent;
    if (!scope || isSourceFile(scope)) return;
    this.addShadowScope(name, scope);
  }

  private addShadowScope(name: string, scope: ts.Node): void {
    const scopes = this.shadows.get(name);
    if (scopes) scopes.push(scope);
    else this.shadows.set(name, [scope]);
  }

  /** Called by the engine for every node of a kind in FACT_KINDS, in traversal order (parents before children). */
  enter(node: ts.Node): void {
    // One table load per node; most nodes need nothing, and a switch over `SyntaxKind.X`
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
        if ((node as ts.ClassLikeDeclaration).name && node.parent.kind !== SyntaxKind.SourceFile) {
          this.maybeShadow((node as ts.ClassLikeDeclaration).name!, node);
        }
        return;
      case EnterAction.Declaration: {
        if (this.moduleBindings.size === 0) return;
        const name = (node as ts.NamedDeclaration).name;
        if (name && isIdentifier(name) && node.parent.kind !== SyntaxKind.SourceFile &&
          !(isVariableDeclaration(node) && this.moduleBindings.get(name.text)?.declaration === node)) {
          this.maybeShadow(name, node);
        }
        return;
      }
      case EnterAction.CatchClause: {
        const variable = (node as ts.CatchClause).variableDeclaration;
        if (variable && isIdentifier(variable.name) && this.moduleBindings.has(variable.name.text)) {
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
    const key = isPropertyAccessExpression(node)
      ? node.name.text
      : isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === undefined) return;
    if (receiver.kind === SyntaxKind.ThisKeyword) {
      const classNode = thisClassNode(node);
      const field = classNode ? this.classByNode.get(classNode)?.fields.get(key) : undefined;
      if (field && (field.kind === 'static-field') === isStaticContext(node)) this.pending.push({ binding: field, node });
      return;
    }
    if (isIdentifier(receiver)) {
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
      if (isIdentifier(node) && this.isShadowed(node)) continue;
      const classified = classifyUse(node);
      const fn = enclosingFunction(node);
      const declaration = binding.declaration;
      let inInitializer = declaration.initializer !== undefined && isWithin(node, declaration.initializer);
      const inConstructor = fn !== undefined && fn === binding.classFacts?.constructorDecl;
      if (inConstructor && classified.kind === 'assign' && classified.operator === SyntaxKind.EqualsToken) {
        binding.constructorAssignments.push(classified.context as ts.BinaryExpression);
      }
      if (!inInitializer && inConstructor) {
        inInitializer = binding.constructorAssignments.some((assignment) => isWithin(node, assignment.right));
      }
      const use: BindingUse = { node, ...classified, fn, inInitializer, inConstructor };
      binding.uses.push(use);
      this.usesByNode.set(node, { binding, use });
      if (binding.kind === 'module' && (classified.kind === 'alias') && isExportSpecifier(classified.context)) {
        binding.isExported = true;
        binding.isPrivate = false;
      }
    }
    for (const statement of this.sourceFile.statements) {
      if (isExportAssignment(statement) && isIdentifier(statement.expression)) {
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
  if (isPropertyAccessExpression(expression)) {
    member = expression.name.text;
    expression = expression.expression;
  }
  if (isCallExpression(expression) && isIdentifier(expression.expression) && expression.expression.text === 'require' &&
    expression.arguments.length === 1 && isStringLiteralLike(expression.arguments[0])) {
    return { module: expression.arguments[0].text, member };
  }
  return undefined;
}
