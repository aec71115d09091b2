import ts from 'typescript';
import type { ScopeIndex } from './logger-scope';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  SyntaxKind, isBinaryExpression, isBindingElement, isCallExpression, isExternalModuleReference,
  isIdentifier, isImportClause, isImportDeclaration, isImportEqualsDeclaration, isImportSpecifier,
  isNamedImports, isNamespaceImport, isNewExpression, isNonNullExpression, isNumericLiteral,
  isOmittedExpression, isParenthesizedExpression, isPropertyAccessExpression, isStringLiteral,
  isStringLiteralLike, isVariableDeclaration, walkUpBindingElementsAndPatterns,
} = ts;

/**
 * Logger factory patterns (`winston.createLogger`, `new *Logger`) and the matching of a call or
 * `new` against them. A pattern's first part is a package name; when the callee's root is
 * imported (or required), the import decides: `import { createLogger } from 'winston'` makes
 * `createLogger()` read as `winston.createLogger`, and the same name imported from `./log` is
 * not a match. Without an import the name as written decides, unless the file declares that
 * root itself (a local `createLogger` helper is not winston's).
 */

export const DEFAULT_FACTORIES: readonly string[] = [
  'winston.createLogger',
  'createLogger',
  'bunyan.createLogger',
  'pino',
  'pino.default',
  'pino.pino',
  'debug',
  'new winston.transports.*',
  'new *Logger',
  'new console.Console',
  'log4js.configure',
];

export const FACTORY_PATTERN_SOURCE = '^(new )?[A-Za-z_$@*][\\w$@*./-]*$';

export interface FactoryPattern {
  text: string;
  isNew: boolean;
  /** A single name such as `*Logger` matches the class name (the last part) of any `new`. */
  isClassName: boolean;
  regex: RegExp;
  /** The fixed parts of the name (`winston`, `createLogger`; `Logger` for `*Logger`): a file naming none cannot match. */
  literals: string[];
}

const parsed = new Map<string, FactoryPattern>();

/** Parses a pattern once per process: options are the same for every file of a run. */
export function parseFactory(text: string): FactoryPattern {
  let pattern = parsed.get(text);
  if (!pattern) {
    pattern = compileFactory(text);
    parsed.set(text, pattern);
  }
  return pattern;
}

const parsedLists = new Map<string, readonly FactoryPattern[]>();

/** The same list object for the same option every file: what is derived from it is kept with it. */
export function parseFactories(texts: readonly string[]): readonly FactoryPattern[] {
  const key = texts.join('\n');
  let patterns = parsedLists.get(key);
  if (!patterns) {
    patterns = texts.map(parseFactory);
    parsedLists.set(key, patterns);
  }
  return patterns;
}

function compileFactory(text: string): FactoryPattern {
  const isNew = text.startsWith('new ');
  const name = isNew ? text.slice(4) : text;
  const body = name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&')).join('[^.]*');
  const literals = name.split(/[.*]/).filter(Boolean);
  return { text, isNew, isClassName: isNew && !name.includes('.'), regex: new RegExp(`^${body}$`), literals: literals.length > 0 ? literals : [''] };
}

/** Where a callee comes from, as far as the file shows. */
export interface CalleeOrigin {
  /** The callee as written, `a.b.c` (`this` included); undefined for computed callees. */
  written: string;
  /**
   * For an imported root: the name with the package in place of the local root
   * (`winston.createLogger`), and, for `pkg.default.x`, also `pkg.x` (interop output and default
   * imports name the same thing both ways).
   */
  qualified?: string[];
  /** The package the root is imported from. */
  module?: string;
  /** The root is declared in this file and is not an import. */
  declaredLocally: boolean;
}

/** `require('m')`, or a bundler's interop wrapper around it (`__toESM(require('m'))`), gives `m`. */
export function requiredModule(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  let current = expression;
  while (isParenthesizedExpression(current)) current = current.expression;
  if (!isCallExpression(current)) return undefined;
  if (isIdentifier(current.expression) && current.expression.text === 'require') {
    const [argument] = current.arguments;
    return current.arguments.length === 1 && isStringLiteralLike(argument) ? argument.text : undefined;
  }
  return current.arguments.length >= 1 && current.arguments.length <= 2 ? requiredModule(current.arguments[0]) : undefined;
}

interface ImportOrigin {
  module: string;
  /** `default` or `*` for the module object itself, else the exported name. */
  imported: string;
}

export function importOrigin(declarationNode: ts.Node): ImportOrigin | undefined {
  if (isImportClause(declarationNode) && isStringLiteral(declarationNode.parent.moduleSpecifier)) {
    return { module: declarationNode.parent.moduleSpecifier.text, imported: 'default' };
  }
  if (isNamespaceImport(declarationNode) && isStringLiteral(declarationNode.parent.parent.moduleSpecifier)) {
    return { module: declarationNode.parent.parent.moduleSpecifier.text, imported: '*' };
  }
  if (isImportSpecifier(declarationNode) && isStringLiteral(declarationNode.parent.parent.parent.moduleSpecifier)) {
    return { module: declarationNode.parent.parent.parent.moduleSpecifier.text, imported: (declarationNode.propertyName ?? declarationNode.name).text };
  }
  if (isImportEqualsDeclaration(declarationNode) && isExternalModuleReference(declarationNode.moduleReference) &&
    isStringLiteral(declarationNode.moduleReference.expression)) {
    return { module: declarationNode.moduleReference.expression.text, imported: '*' };
  }
  if (isVariableDeclaration(declarationNode)) {
    const initializer = declarationNode.initializer;
    let module = requiredModule(initializer);
    let imported = '*';
    if (module === undefined && initializer && isPropertyAccessExpression(initializer)) {
      module = requiredModule(initializer.expression);
      imported = initializer.name.text;
    }
    return module === undefined ? undefined : { module, imported };
  }
  if (isBindingElement(declarationNode) && isIdentifier(declarationNode.name)) {
    const root = walkUpBindingElementsAndPatterns(declarationNode);
    if (!isVariableDeclaration(root) || declarationNode.parent !== root.name) return undefined;
    const module = requiredModule(root.initializer);
    const property = declarationNode.propertyName;
    const imported = property ? (isIdentifier(property) || isStringLiteral(property) ? property.text : undefined) : declarationNode.name.text;
    return module === undefined || imported === undefined ? undefined : { module, imported };
  }
  return undefined;
}

/** Looks through `(0, x.y)`, the form bundlers use to call an import without a `this`. */
function unwrapCallee(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (isParenthesizedExpression(current) || isNonNullExpression(current)) current = current.expression;
    else if (isBinaryExpression(current) && current.operatorToken.kind === SyntaxKind.CommaToken && isNumericLiteral(current.left)) current = current.right;
    else return current;
  }
}

export function calleeOrigin(callee: ts.Expression, scopes: ScopeIndex): CalleeOrigin | undefined {
  const parts: string[] = [];
  let current = unwrapCallee(callee);
  while (isPropertyAccessExpression(current)) {
    if (!isIdentifier(current.name)) return undefined;
    parts.unshift(current.name.text);
    current = unwrapCallee(current.expression);
  }
  const tail = parts.join('.');
  const join = (root: string) => (tail ? `${root}.${tail}` : root);
  if (current.kind === SyntaxKind.ThisKeyword) return { written: join('this'), declaredLocally: true };
  const requiredRoot = requiredModule(current);
  if (requiredRoot !== undefined) {
    const written = join(`require(${JSON.stringify(requiredRoot)})`);
    return { written, qualified: qualifiedNames({ module: requiredRoot, imported: 'default' }, parts), module: requiredRoot, declaredLocally: false };
  }
  if (!isIdentifier(current)) return undefined;
  const written = join(current.text);
  const declaration = scopes.resolve(current);
  if (!declaration) return { written, declaredLocally: false };
  const origin = importOrigin(declaration.node);
  if (!origin) return { written, declaredLocally: true };
  return { written, qualified: qualifiedNames(origin, parts), module: origin.module, declaredLocally: false };
}

/** The last part of a dotted name: the class a `new` constructs. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Packages whose logger classes register transports, streams or handlers when constructed. A
 * `*Logger` class imported from any other package is not assumed to be one: most (an SDK's
 * options holder, a framework's context label) are plain objects, and only the import shows
 * where the class comes from. Classes from the project's own files (relative imports) and
 * classes not imported at all still fall back to the name.
 */
export const LOGGING_PACKAGES: ReadonlySet<string> = new Set([
  'winston', 'bunyan', 'pino', 'log4js', 'tslog', 'loglevel', 'signale', 'roarr', 'consola', 'npmlog', 'winston-transport',
]);

function packageName(specifier: string): string {
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isProjectModule(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

/** Class names of loggers that exist to hold nothing: test doubles and no-op loggers. */
const INERT_LOGGER_CLASS = /^(Mock|Fake|Stub|Spy|Dummy|Noop|NoOp|Null|Silent|Test|Void|Empty)[A-Za-z0-9_$]*Logger$/;

/**
 * Every name the file binds to an import or a `require()`, with where it comes from: `null` when
 * the binding is too indirect to say (a nested destructuring), which `mightMatch` treats as "could
 * be anything".
 */
export type ImportedNames = Map<string, Array<ImportOrigin | null>>;

/** The qualified names of a callee whose root comes from `origin`, followed by `parts` (`winston.createLogger`). */
function qualifiedNames(origin: ImportOrigin, parts: readonly string[]): string[] {
  const module = origin.module.replace(/^node:/, '');
  if (origin.imported !== 'default' && origin.imported !== '*') return [[module, origin.imported, ...parts].join('.')];
  const names = [[module, ...parts].join('.')];
  if (parts[0] === 'default') names.push([module, ...parts.slice(1)].join('.'));
  return names;
}

/**
 * A cheap first look, without resolving scopes: could `node` match once its root is resolved?
 * An imported root is looked at through every import binding that name (a local shadowing it
 * can only make a match less likely), so only calls that could name a factory go on.
 */
export function mightMatch(node: ts.CallExpression | ts.NewExpression, patterns: readonly FactoryPattern[], imported: ImportedNames): boolean {
  if (!couldEndAsAPattern(node, patterns, imported)) return false;
  const parts: string[] = [];
  let current = unwrapCallee(node.expression);
  while (isPropertyAccessExpression(current) && isIdentifier(current.name)) {
    parts.unshift(current.name.text);
    current = unwrapCallee(current.expression);
  }
  const rootName = isIdentifier(current) ? current.text : undefined;
  const last = parts.length > 0 ? parts[parts.length - 1] : rootName;
  const isNew = isNewExpression(node);
  // Built once the first pattern that needs them comes, not once per pattern.
  let names: string[] | undefined;
  for (const pattern of patterns) {
    if (pattern.isNew !== isNew) continue;
    if (pattern.isClassName) {
      if (last !== undefined && pattern.regex.test(last)) return true;
      continue;
    }
    if (rootName === undefined) {
      if (requiredModule(current) !== undefined) return true;
      continue;
    }
    if (!names) {
      names = [[rootName, ...parts].join('.')];
      for (const origin of imported.get(rootName) ?? []) {
        if (origin === null) return true;
        names.push(...qualifiedNames(origin, parts));
      }
    }
    for (const name of names) if (pattern.regex.test(name)) return true;
  }
  return false;
}

/** The last names a group of patterns can end in: exact ones, and those with a `*`. */
interface Endings {
  exact: Set<string>;
  wildcards: RegExp[];
}

/**
 * The patterns' last names, by what the callee looks like: a call or a `new`, of a bare name or
 * of a dotted one. A bare name matches only a one-part pattern, a dotted one only a dotted
 * pattern; a class-name pattern (`new *Logger`) looks at the last part of either.
 */
interface PatternEndings {
  call: { bare: Endings; dotted: Endings };
  construct: { bare: Endings; dotted: Endings };
}

const endingsByPatterns = new WeakMap<readonly FactoryPattern[], PatternEndings>();

function endingsOf(patterns: readonly FactoryPattern[]): PatternEndings {
  let endings = endingsByPatterns.get(patterns);
  if (endings) return endings;
  const empty = (): Endings => ({ exact: new Set(), wildcards: [] });
  endings = { call: { bare: empty(), dotted: empty() }, construct: { bare: empty(), dotted: empty() } };
  for (const pattern of patterns) {
    const name = pattern.isNew ? pattern.text.slice(4) : pattern.text;
    const last = lastPart(name);
    const byShape = pattern.isNew ? endings.construct : endings.call;
    const groups = pattern.isClassName ? [byShape.bare, byShape.dotted] : [name.includes('.') ? byShape.dotted : byShape.bare];
    for (const group of groups) {
      if (last.includes('*')) group.wildcards.push(compileFactory(last).regex);
      else group.exact.add(last);
    }
  }
  endingsByPatterns.set(patterns, endings);
  return endings;
}

/**
 * The first, allocation-free look at every call of a file: a name can match a pattern only if
 * it ends as one does. What the written name does not show goes on to the full look: a bare
 * call of an imported name (the import may rename it), a `.default` (interop drops it) and a
 * callee that is itself a call (`require('debug')('app')`).
 */
function couldEndAsAPattern(node: ts.CallExpression | ts.NewExpression, patterns: readonly FactoryPattern[], imported: ImportedNames): boolean {
  const callee = unwrapCallee(node.expression);
  const byShape = isNewExpression(node) ? endingsOf(patterns).construct : endingsOf(patterns).call;
  let last: string;
  let endings: Endings;
  if (isPropertyAccessExpression(callee)) {
    if (!isIdentifier(callee.name)) return false;
    last = callee.name.text;
    if (last === 'default') return true;
    endings = byShape.dotted;
  } else if (isIdentifier(callee)) {
    last = callee.text;
    if (imported.has(last)) return true;
    endings = byShape.bare;
  } else {
    return true;
  }
  return endings.exact.has(last) || endings.wildcards.some((wildcard) => wildcard.test(last));
}

function addOrigin(into: ImportedNames, name: string, origin: ImportOrigin | null): void {
  const list = into.get(name);
  if (list) list.push(origin);
  else into.set(name, [origin]);
}

/** Adds each name a binding pattern binds, with its origin when `importOrigin` can tell it. */
function addBoundNames(name: ts.BindingName, into: ImportedNames): void {
  if (isIdentifier(name)) {
    addOrigin(into, name.text, importOrigin(name.parent) ?? null);
    return;
  }
  for (const element of name.elements) if (!isOmittedExpression(element)) addBoundNames(element.name, into);
}

/** Adds the names an import declaration, or the declaration holding a `require()` call, binds. */
export function addImportedNames(node: ts.Node, into: ImportedNames): void {
  if (isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause?.name) addOrigin(into, clause.name.text, importOrigin(clause) ?? null);
    const bindings = clause?.namedBindings;
    if (bindings && isNamespaceImport(bindings)) addOrigin(into, bindings.name.text, importOrigin(bindings) ?? null);
    if (bindings && isNamedImports(bindings)) {
      for (const element of bindings.elements) addOrigin(into, element.name.text, importOrigin(element) ?? null);
    }
    return;
  }
  if (isImportEqualsDeclaration(node)) {
    addOrigin(into, node.name.text, importOrigin(node) ?? null);
    return;
  }
  // `require('m')`, possibly inside an interop call or followed by `.member`, initializing a variable.
  let current: ts.Node = node;
  while (isCallExpression(current.parent) || isPropertyAccessExpression(current.parent) || isParenthesizedExpression(current.parent)) {
    current = current.parent;
  }
  if (isVariableDeclaration(current.parent) && current.parent.initializer === current) addBoundNames(current.parent.name, into);
}

export function matchFactory(
  node: ts.CallExpression | ts.NewExpression,
  patterns: readonly FactoryPattern[],
  scopes: ScopeIndex,
): { pattern: FactoryPattern; origin: CalleeOrigin } | undefined {
  const isNew = isNewExpression(node);
  let origin: CalleeOrigin | undefined;
  for (const pattern of patterns) {
    if (pattern.isNew !== isNew) continue;
    origin ??= calleeOrigin(node.expression, scopes);
    if (!origin) return undefined;
    if (pattern.isClassName) {
      const className = lastPart(origin.written);
      const fromOtherPackage = origin.module !== undefined && !isProjectModule(origin.module) &&
        !LOGGING_PACKAGES.has(packageName(origin.module));
      if (pattern.regex.test(className) && !INERT_LOGGER_CLASS.test(className) && !fromOtherPackage) return { pattern, origin };
      continue;
    }
    if (origin.qualified !== undefined) {
      if (origin.qualified.some((name) => pattern.regex.test(name))) return { pattern, origin };
    } else if (!origin.declaredLocally && pattern.regex.test(origin.written)) {
      return { pattern, origin };
    }
  }
  return undefined;
}
