import * as ts from 'typescript';
import { ruleDocsUrl } from '../server/engine/docs';
import { defineRule } from '../server/engine/rule';
import { calleeName, dottedName, enclosingFunction } from './util/ast';

const FACTORY_CALLS = new Set(['winston.createLogger', 'bunyan.createLogger', 'pino', 'pino.default']);

function isLoggerClassName(name: string | undefined): boolean {
  return name !== undefined && /(^|[a-z0-9_$])Logger$/.test(name);
}

export default defineRule({
  meta: {
    id: 'logger-per-call',
    description: 'A logger is constructed each time a function runs instead of once.',
    defaultSeverity: 'warning',
    docsUrl: ruleDocsUrl('logger-per-call'),
    fixable: false,
    hasSuggestions: false,
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    stories: [2],
    usesFacts: false,
  },
  create(context) {
    const check = (call: ts.CallExpression | ts.NewExpression, what: string) => {
      const fn = enclosingFunction(call);
      if (!fn || ts.isConstructorDeclaration(fn)) return;
      context.report({
        node: call,
        message: `${what} is constructed on every call of this function; create it once (at module level or in the constructor) and reuse it.`,
      });
    };
    return {
      [ts.SyntaxKind.CallExpression](node) {
        const call = node as ts.CallExpression;
        const name = dottedName(call.expression);
        if (name !== undefined && FACTORY_CALLS.has(name)) check(call, `A logger (${name}())`);
      },
      [ts.SyntaxKind.NewExpression](node) {
        const call = node as ts.NewExpression;
        const name = calleeName(call);
        if (isLoggerClassName(name)) check(call, `A logger (new ${name}())`);
      },
    };
  },
});
