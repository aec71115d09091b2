import ts from 'typescript';
import { syntaxErrorsOf } from './source';

/** A config text that is not JSON (with comments); the message says where and why. */
export class InvalidJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJsonError';
  }
}

class JsonProblem extends Error {
  constructor(readonly node: ts.Node, message: string) {
    super(message);
  }
}

/**
 * The value of a JSON (with comments) expression. Objects get their keys as own properties, so
 * a `"__proto__"` key is a key like any other (reported as unknown), not a new prototype that
 * would slip settings past validation.
 */
function jsonValue(sourceFile: ts.SourceFile, node: ts.Expression, depth: number, maxDepth: number): unknown {
  if (depth > maxDepth) throw new JsonProblem(node, `nested more than ${maxDepth} levels deep`);
  const isDoubleQuoted = (literal: ts.StringLiteral) => sourceFile.text[literal.getStart(sourceFile)] === '"';
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
      if (!isDoubleQuoted(node as ts.StringLiteral)) throw new JsonProblem(node, 'strings must be in double quotes');
      return (node as ts.StringLiteral).text;
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const negative = ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken;
      const literal = ts.isPrefixUnaryExpression(node) ? node.operand : node;
      if (!ts.isNumericLiteral(literal) || (ts.isPrefixUnaryExpression(node) && !negative)) break;
      if (!/^(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(literal.getText(sourceFile))) {
        throw new JsonProblem(node, `${literal.getText(sourceFile)} is not a JSON number`);
      }
      const value = Number(literal.text);
      if (!Number.isFinite(value)) throw new JsonProblem(node, `the number ${literal.getText(sourceFile)} is too large`);
      return negative ? -value : value;
    }
    case ts.SyntaxKind.TrueKeyword:
      return true;
    case ts.SyntaxKind.FalseKeyword:
      return false;
    case ts.SyntaxKind.NullKeyword:
      return null;
    case ts.SyntaxKind.ArrayLiteralExpression:
      return (node as ts.ArrayLiteralExpression).elements.map((element) => {
        if (ts.isOmittedExpression(element)) throw new JsonProblem(element, 'an array item is missing');
        return jsonValue(sourceFile, element, depth + 1, maxDepth);
      });
    case ts.SyntaxKind.ObjectLiteralExpression: {
      const result: Record<string, unknown> = {};
      for (const property of (node as ts.ObjectLiteralExpression).properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isStringLiteral(property.name) || !isDoubleQuoted(property.name)) {
          throw new JsonProblem(property.name ?? property, 'property names must be strings in double quotes');
        }
        Object.defineProperty(result, property.name.text, {
          value: jsonValue(sourceFile, property.initializer, depth + 1, maxDepth), enumerable: true, writable: true, configurable: true,
        });
      }
      return result;
    }
  }
  throw new JsonProblem(node, 'a value must be a string, number, true, false, null, an object or an array');
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The JSON (with comments and trailing commas) value of a config file's text, an object; or an
 * InvalidJsonError that says where the first problem is. `maxDepth` bounds the conversion, which
 * recurses.
 */
export function parseJsonWithComments(file: string, text: string, maxDepth: number): unknown {
  const at = (sourceFile: ts.SourceFile, position: number) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
    return `${line + 1}:${character + 1}`;
  };
  let sourceFile: ts.JsonSourceFile;
  try {
    sourceFile = ts.parseJsonText(file, text);
  } catch (error) {
    // The parser recurses: thousands of nested brackets overflow its stack.
    if (error instanceof RangeError) throw new InvalidJsonError('invalid JSON: nested too deeply to read');
    throw error;
  }
  const diagnostic = syntaxErrorsOf(sourceFile)[0];
  if (diagnostic) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    throw new InvalidJsonError(`invalid JSON at ${at(sourceFile, diagnostic.start ?? 0)}: ${message}`);
  }
  const statement = sourceFile.statements[0];
  // A file with nothing but whitespace or comments is an empty config, as while it is being written.
  if (!statement) return {};
  try {
    const value = jsonValue(sourceFile, statement.expression, 0, maxDepth);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new JsonProblem(statement.expression, `the top level must be an object ({ ... }), got ${describeJsonType(value)}`);
    }
    return value;
  } catch (error) {
    if (!(error instanceof JsonProblem)) throw error;
    throw new InvalidJsonError(`invalid JSON at ${at(sourceFile, error.node.getStart(sourceFile))}: ${error.message}`);
  }
}
