import ts from 'typescript';
import type { FileFacts } from '../../server/engine/facts';
import type { ModuleFunctionCalls } from './collection-calls';
import { skipInnerWrappers } from './collection-kind';

/**
 * What a file declares that tells us about keys without a type checker: enums and type aliases
 * (collected by the rule's visitors), and module constants (from the facts).
 */
export interface KeyDeclarations {
  enums: Map<string, ts.EnumDeclaration>;
  typeAliases: Map<string, ts.TypeAliasDeclaration>;
  facts: FileFacts;
  calls: ModuleFunctionCalls;
  /** Whether a parameter only ever receives finite keys; `false` while being computed, which ends recursion. */
  finiteParameters: Map<ts.ParameterDeclaration, boolean>;
}

export function newKeyDeclarations(
  facts: FileFacts,
  calls: ModuleFunctionCalls,
  enums: readonly ts.EnumDeclaration[],
  aliases: readonly ts.TypeAliasDeclaration[],
): KeyDeclarations {
  return {
    enums: new Map(enums.map((declaration) => [declaration.name.text, declaration])),
    typeAliases: new Map(aliases.map((declaration) => [declaration.name.text, declaration])),
    facts,
    calls,
    finiteParameters: new Map(),
  };
}

function isLiteral(expression: ts.Expression): boolean {
  switch (expression.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    case ts.SyntaxKind.Identifier:
      return (expression as ts.Identifier).text === 'undefined';
    case ts.SyntaxKind.PrefixUnaryExpression:
      return ts.isNumericLiteral((expression as ts.PrefixUnaryExpression).operand);
    default:
      return false;
  }
}

/** `{ a: 'x' }`, `{ a: 'x' } as const`, `Object.freeze({ a: 'x' })`: a table of constants. */
function constantTableOf(initializer: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!initializer) return undefined;
  let expression = skipInnerWrappers(initializer);
  if (ts.isCallExpression(expression) && expression.arguments.length === 1 && ts.isPropertyAccessExpression(expression.expression) &&
    expression.expression.name.text === 'freeze') {
    expression = skipInnerWrappers(expression.arguments[0]);
  }
  return ts.isObjectLiteralExpression(expression) ? expression : undefined;
}

/**
 * One of a fixed set of values: a literal, an enum member, a module constant, `typeof x`, a
 * template or conditional made of those, or a parameter of a private module function that every
 * caller passes such a value.
 */
export function isFiniteKey(key: ts.Expression, declarations: KeyDeclarations, depth = 0): boolean {
  if (depth > 4) return false;
  const expression = skipInnerWrappers(key);
  if (isLiteral(expression) || ts.isTypeOfExpression(expression)) return true;
  if (ts.isTemplateExpression(expression)) {
    return expression.templateSpans.every((span) => isFiniteKey(span.expression, declarations, depth + 1));
  }
  if (ts.isConditionalExpression(expression)) {
    return isFiniteKey(expression.whenTrue, declarations, depth + 1) && isFiniteKey(expression.whenFalse, declarations, depth + 1);
  }
  if (ts.isIdentifier(expression)) {
    const binding = declarations.facts.moduleBindings.get(expression.text);
    if (binding !== undefined && declarations.facts.bindingAt(expression) === binding) {
      return binding.kind === 'module' && binding.isReadonly &&
        binding.initializer !== undefined && isLiteral(skipInnerWrappers(binding.initializer));
    }
    return isFiniteLocal(expression, declarations, depth);
  }
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
    const owner = expression.expression.text;
    if (declarations.enums.has(owner)) return true;
    const binding = declarations.facts.moduleBindings.get(owner);
    const table = binding?.isReadonly ? constantTableOf(binding.initializer) : undefined;
    return table !== undefined && table.properties.some((property) =>
      ts.isPropertyAssignment(property) && property.name.getText() === expression.name.text &&
      isLiteral(skipInnerWrappers(property.initializer)));
  }
  return false;
}

/**
 * A local `const` holding a finite key, or a parameter whose every caller passes a finite key
 * (or nothing, falling back to a finite default).
 */
function isFiniteLocal(name: ts.Identifier, declarations: KeyDeclarations, depth: number): boolean {
  const declaration = localDeclarationOf(name.text, name);
  if (declaration && ts.isVariableDeclaration(declaration)) {
    const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    return isConst && declaration.initializer !== undefined && isFiniteKey(declaration.initializer, declarations, depth + 1);
  }
  const parameter = declaration;
  if (!parameter || !ts.isParameter(parameter) || parameter.dotDotDotToken) return false;
  const known = declarations.finiteParameters.get(parameter);
  if (known !== undefined) return known;
  declarations.finiteParameters.set(parameter, false);
  const answer = receivesOnlyFiniteKeys(parameter, declarations, depth);
  declarations.finiteParameters.set(parameter, answer);
  return answer;
}

function receivesOnlyFiniteKeys(parameter: ts.ParameterDeclaration, declarations: KeyDeclarations, depth: number): boolean {
  const fn = parameter.parent;
  const calls = declarations.calls.soleCallSites(fn);
  if (!calls) return false;
  const index = fn.parameters.indexOf(parameter);
  return calls.every((call) => {
    if (call.arguments.slice(0, index + 1).some(ts.isSpreadElement)) return false;
    const argument = call.arguments[index];
    if (argument) return isFiniteKey(argument, declarations, depth + 1);
    return parameter.initializer === undefined || isFiniteKey(parameter.initializer, declarations, depth + 1);
  });
}

const PRIMITIVE_TYPE_NAMES = new Set(['PropertyKey', 'String', 'Number', 'Boolean', 'Lowercase', 'Uppercase', 'Capitalize', 'Uncapitalize']);

/** True when values of this type can never be WeakMap keys (strings, numbers, literal types, enums...). */
export function isPrimitiveType(type: ts.TypeNode, declarations: KeyDeclarations, depth = 0): boolean {
  if (depth > 4) return false;
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.SymbolKeyword:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.TemplateLiteralType:
      return true;
    case ts.SyntaxKind.ParenthesizedType:
      return isPrimitiveType((type as ts.ParenthesizedTypeNode).type, declarations, depth + 1);
    case ts.SyntaxKind.TypeOperator:
      return (type as ts.TypeOperatorNode).operator === ts.SyntaxKind.KeyOfKeyword;
    case ts.SyntaxKind.UnionType:
      return (type as ts.UnionTypeNode).types.some((member) => isPrimitiveType(member, declarations, depth + 1));
    case ts.SyntaxKind.TypeReference: {
      const name = (type as ts.TypeReferenceNode).typeName;
      if (ts.isQualifiedName(name)) return ts.isIdentifier(name.left) && declarations.enums.has(name.left.text);
      if (PRIMITIVE_TYPE_NAMES.has(name.text) || declarations.enums.has(name.text)) return true;
      const alias = declarations.typeAliases.get(name.text);
      return alias !== undefined && isPrimitiveType(alias.type, declarations, depth + 1);
    }
    default:
      return false;
  }
}

const PRIMITIVE_RESULT_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'encodeURIComponent', 'encodeURI']);
const PRIMITIVE_RESULT_METHODS = new Set([
  'toString', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd',
  'join', 'toFixed', 'padStart', 'padEnd', 'substring', 'substr', 'charAt', 'charCodeAt', 'normalize', 'replace',
  'replaceAll', 'repeat', 'toISOString', 'getTime', 'valueOf', 'now', 'stringify', 'digest', 'toJSON', 'indexOf',
]);
/** Property names that conventionally hold strings or numbers. */
const PRIMITIVE_NAME = /^(?:id|ids|name|url|uri|path|hash|str|string|text|index|idx|count|num|number|filename|pathname|hostname|length|size)$|[a-z0-9_](?:Id|ID|Name|Url|URL|Uri|Path|Hash|Str|String|Text|Index|Idx|Count|Num|Number)$/;

function lastNameOf(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/**
 * The declaration of a local name visible at `from`: a parameter of an enclosing function, a
 * variable declared by a statement of an enclosing block, or a `for…in`/`for…of` variable.
 * Only ancestors and their direct children are looked at.
 */
function localDeclarationOf(name: string, from: ts.Node): ts.ParameterDeclaration | ts.VariableDeclaration | ts.ForInOrOfStatement | undefined {
  for (let current: ts.Node | undefined = from.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current)) {
      const parameter = current.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (parameter) return parameter;
    } else if (ts.isBlock(current) || ts.isModuleBlock(current)) {
      for (const statement of current.statements) {
        if (statement.pos >= from.pos) break;
        if (!ts.isVariableStatement(statement)) continue;
        const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (declaration) return declaration;
      }
    } else if ((ts.isForInStatement(current) || ts.isForOfStatement(current)) && ts.isVariableDeclarationList(current.initializer)) {
      if (current.initializer.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return current;
    }
  }
  return undefined;
}

function isKeysCall(expression: ts.Expression): boolean {
  const call = skipInnerWrappers(expression);
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) &&
    ts.isIdentifier(call.expression.expression) && call.expression.expression.text === 'Object' &&
    (call.expression.name.text === 'keys' || call.expression.name.text === 'getOwnPropertyNames');
}

/**
 * True when the key is visibly a string, number or other primitive, so a WeakMap or WeakSet
 * would throw on it. Unknown keys (an untyped identifier, a call's result) are not primitive.
 */
export function isVisiblyPrimitive(key: ts.Expression, declarations: KeyDeclarations, depth = 0): boolean {
  if (depth > 3) return false;
  const expression = skipInnerWrappers(key);
  if (isFiniteKey(expression, declarations)) return true;
  switch (expression.kind) {
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const binary = expression as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.CommaToken ||
        (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment)) {
        return isVisiblyPrimitive(binary.right, declarations, depth + 1);
      }
      return true;
    }
    case ts.SyntaxKind.ConditionalExpression: {
      const conditional = expression as ts.ConditionalExpression;
      return isVisiblyPrimitive(conditional.whenTrue, declarations, depth + 1) || isVisiblyPrimitive(conditional.whenFalse, declarations, depth + 1);
    }
    case ts.SyntaxKind.CallExpression: {
      const callee = (expression as ts.CallExpression).expression;
      if (ts.isIdentifier(callee)) return PRIMITIVE_RESULT_FUNCTIONS.has(callee.text);
      return ts.isPropertyAccessExpression(callee) && PRIMITIVE_RESULT_METHODS.has(callee.name.text);
    }
    case ts.SyntaxKind.ElementAccessExpression:
      return false;
    default:
      break;
  }
  const name = lastNameOf(expression);
  if (name !== undefined && PRIMITIVE_NAME.test(name)) return true;
  if (!ts.isIdentifier(expression)) return false;
  const declaration = localDeclarationOf(expression.text, expression);
  if (!declaration) return false;
  if (ts.isForInStatement(declaration)) return true;
  if (ts.isForOfStatement(declaration)) return isKeysCall(declaration.expression);
  if (declaration.type && isPrimitiveType(declaration.type, declarations)) return true;
  return declaration.initializer !== undefined && isVisiblyPrimitive(declaration.initializer, declarations, depth + 1);
}
