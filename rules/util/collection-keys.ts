import ts from 'typescript';
import type { FileFacts } from '../../server/engine/facts';
import type { ModuleFunctionCalls } from './collection-calls';
import { skipInnerWrappers } from './collection-kind';

// Read once: `ts` reaches each export through a getter on an object too big for V8's fast
// properties, and these run per node.
const {
  NodeFlags, SyntaxKind, getCombinedNodeFlags, isBlock, isCallExpression, isConditionalExpression,
  isForInStatement, isForOfStatement, isFunctionLike, isIdentifier, isModuleBlock,
  isNumericLiteral, isObjectLiteralExpression, isParameter, isPropertyAccessExpression,
  isPropertyAssignment, isQualifiedName, isSourceFile, isSpreadElement, isTemplateExpression,
  isTypeOfExpression, isVariableDeclaration, isVariableDeclarationList, isVariableStatement,
} = ts;

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
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return true;
    case SyntaxKind.Identifier:
      return (expression as ts.Identifier).text === 'undefined';
    case SyntaxKind.PrefixUnaryExpression:
      return isNumericLiteral((expression as ts.PrefixUnaryExpression).operand);
    default:
      return false;
  }
}

/** `{ a: 'x' }`, `{ a: 'x' } as const`, `Object.freeze({ a: 'x' })`: a table of constants. */
function constantTableOf(initializer: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!initializer) return undefined;
  let expression = skipInnerWrappers(initializer);
  if (isCallExpression(expression) && expression.arguments.length === 1 && isPropertyAccessExpression(expression.expression) &&
    expression.expression.name.text === 'freeze') {
    expression = skipInnerWrappers(expression.arguments[0]);
  }
  return isObjectLiteralExpression(expression) ? expression : undefined;
}

/**
 * One of a fixed set of values: a literal, an enum member, a module constant, `typeof x`, a
 * template or conditional made of those, or a parameter of a private module function that every
 * caller passes such a value.
 */
export function isFiniteKey(key: ts.Expression, declarations: KeyDeclarations, depth = 0): boolean {
  if (depth > 4) return false;
  const expression = skipInnerWrappers(key);
  if (isLiteral(expression) || isTypeOfExpression(expression)) return true;
  if (isTemplateExpression(expression)) {
    return expression.templateSpans.every((span) => isFiniteKey(span.expression, declarations, depth + 1));
  }
  if (isConditionalExpression(expression)) {
    return isFiniteKey(expression.whenTrue, declarations, depth + 1) && isFiniteKey(expression.whenFalse, declarations, depth + 1);
  }
  if (isIdentifier(expression)) {
    const binding = declarations.facts.moduleBindings.get(expression.text);
    if (binding !== undefined && declarations.facts.bindingAt(expression) === binding) {
      return binding.kind === 'module' && binding.isReadonly &&
        binding.initializer !== undefined && isLiteral(skipInnerWrappers(binding.initializer));
    }
    return isFiniteLocal(expression, declarations, depth);
  }
  if (isPropertyAccessExpression(expression) && isIdentifier(expression.expression)) {
    const owner = expression.expression.text;
    if (declarations.enums.has(owner)) return true;
    const binding = declarations.facts.moduleBindings.get(owner);
    const table = binding?.isReadonly ? constantTableOf(binding.initializer) : undefined;
    return table !== undefined && table.properties.some((property) =>
      isPropertyAssignment(property) && property.name.getText() === expression.name.text &&
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
  if (declaration && isVariableDeclaration(declaration)) {
    const isConst = (getCombinedNodeFlags(declaration) & NodeFlags.Const) !== 0;
    return isConst && declaration.initializer !== undefined && isFiniteKey(declaration.initializer, declarations, depth + 1);
  }
  const parameter = declaration;
  if (!parameter || !isParameter(parameter) || parameter.dotDotDotToken) return false;
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
    if (call.arguments.slice(0, index + 1).some(isSpreadElement)) return false;
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
    case SyntaxKind.StringKeyword:
    case SyntaxKind.NumberKeyword:
    case SyntaxKind.BooleanKeyword:
    case SyntaxKind.BigIntKeyword:
    case SyntaxKind.SymbolKeyword:
    case SyntaxKind.LiteralType:
    case SyntaxKind.TemplateLiteralType:
      return true;
    case SyntaxKind.ParenthesizedType:
      return isPrimitiveType((type as ts.ParenthesizedTypeNode).type, declarations, depth + 1);
    case SyntaxKind.TypeOperator:
      return (type as ts.TypeOperatorNode).operator === SyntaxKind.KeyOfKeyword;
    case SyntaxKind.UnionType:
      return (type as ts.UnionTypeNode).types.some((member) => isPrimitiveType(member, declarations, depth + 1));
    case SyntaxKind.TypeReference: {
      const name = (type as ts.TypeReferenceNode).typeName;
      if (isQualifiedName(name)) return isIdentifier(name.left) && declarations.enums.has(name.left.text);
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
  if (isIdentifier(expression)) return expression.text;
  if (isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/**
 * The declaration of a local name visible at `from`: a parameter of an enclosing function, a
 * variable declared by a statement of an enclosing block, or a `for…in`/`for…of` variable.
 * Only ancestors and their direct children are looked at.
 */
function localDeclarationOf(name: string, from: ts.Node): ts.ParameterDeclaration | ts.VariableDeclaration | ts.ForInOrOfStatement | undefined {
  for (let current: ts.Node | undefined = from.parent; current && !isSourceFile(current); current = current.parent) {
    if (isFunctionLike(current)) {
      const parameter = current.parameters.find((p) => isIdentifier(p.name) && p.name.text === name);
      if (parameter) return parameter;
    } else if (isBlock(current) || isModuleBlock(current)) {
      for (const statement of current.statements) {
        if (statement.pos >= from.pos) break;
        if (!isVariableStatement(statement)) continue;
        const declaration = statement.declarationList.declarations.find((d) => isIdentifier(d.name) && d.name.text === name);
        if (declaration) return declaration;
      }
    } else if ((isForInStatement(current) || isForOfStatement(current)) && isVariableDeclarationList(current.initializer)) {
      if (current.initializer.declarations.some((d) => isIdentifier(d.name) && d.name.text === name)) return current;
    }
  }
  return undefined;
}

function isKeysCall(expression: ts.Expression): boolean {
  const call = skipInnerWrappers(expression);
  return isCallExpression(call) && isPropertyAccessExpression(call.expression) &&
    isIdentifier(call.expression.expression) && call.expression.expression.text === 'Object' &&
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
    case SyntaxKind.TemplateExpression:
    case SyntaxKind.TypeOfExpression:
    case SyntaxKind.VoidExpression:
    case SyntaxKind.PrefixUnaryExpression:
    case SyntaxKind.PostfixUnaryExpression:
      return true;
    case SyntaxKind.BinaryExpression: {
      const binary = expression as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      if (operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken ||
        operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.CommaToken ||
        (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment)) {
        return isVisiblyPrimitive(binary.right, declarations, depth + 1);
      }
      return true;
    }
    case SyntaxKind.ConditionalExpression: {
      const conditional = expression as ts.ConditionalExpression;
      return isVisiblyPrimitive(conditional.whenTrue, declarations, depth + 1) || isVisiblyPrimitive(conditional.whenFalse, declarations, depth + 1);
    }
    case SyntaxKind.CallExpression: {
      const callee = (expression as ts.CallExpression).expression;
      if (isIdentifier(callee)) return PRIMITIVE_RESULT_FUNCTIONS.has(callee.text);
      return isPropertyAccessExpression(callee) && PRIMITIVE_RESULT_METHODS.has(callee.name.text);
    }
    case SyntaxKind.ElementAccessExpression:
      return false;
    default:
      break;
  }
  const name = lastNameOf(expression);
  if (name !== undefined && PRIMITIVE_NAME.test(name)) return true;
  if (!isIdentifier(expression)) return false;
  const declaration = localDeclarationOf(expression.text, expression);
  if (!declaration) return false;
  if (isForInStatement(declaration)) return true;
  if (isForOfStatement(declaration)) return isKeysCall(declaration.expression);
  if (declaration.type && isPrimitiveType(declaration.type, declarations)) return true;
  return declaration.initializer !== undefined && isVisiblyPrimitive(declaration.initializer, declarations, depth + 1);
}
