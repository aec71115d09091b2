import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { ImpureSpots } from '../../rules/util/collection-memo';
import { ScopeIndex } from '../../rules/util/logger-scope';

/** The nodes of a parsed text in traversal order, as the engine's walk hands them to rules. */
function nodesOf(text: string): { sourceFile: ts.SourceFile; nodes: ts.Node[] } {
  const sourceFile = ts.createSourceFile('/virtual/scopes.ts', text, ts.ScriptTarget.Latest, true);
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { sourceFile, nodes };
}

function scopeIndexOf(text: string): { index: ScopeIndex; identifiers: ts.Identifier[] } {
  const { nodes } = nodesOf(text);
  const index = new ScopeIndex(text);
  const identifiers = nodes.filter(ts.isIdentifier);
  for (const id of identifiers) index.add(id);
  return { index, identifiers };
}

/** Where each of `ids` starts, as `line:column` (1-based), for readable comparisons. */
function where(text: string, ids: readonly ts.Node[]): string[] {
  return ids.map((id) => {
    const start = id.getStart();
    const before = text.slice(0, start).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  });
}

describe('rule helpers: scope lookups', () => {
  // The lookups below answer by index rather than by a pass over every declaration or spot in the
  // file; a 4 MB generated file took 38 s with the passes and 3 s without. These cases pin down
  // that the answers did not change.
  const shadowing = [
    'const logger = make();',                            // 1: module level
    'function a() { const logger = make(); logger.info(1); return logger; }', // 2
    'function b() { logger.info(2); }',                  // 3: the module's
    'function c(logger) { logger.warn(3); { const logger = 4; use(logger); } }', // 4: parameter, then block
    'use(logger);',                                      // 5: the module's
    'function d() { other.info(5); }',                   // 6: no logger at all
  ].join('\n');

  it('takes an identifier fed twice in a row (two rules sharing the index) once', () => {
    const { nodes } = nodesOf(shadowing);
    const twice = new ScopeIndex(shadowing);
    for (const id of nodes.filter(ts.isIdentifier)) {
      twice.add(id);
      twice.add(id);
    }
    const { index: once } = scopeIndexOf(shadowing);
    assert.deepEqual(where(shadowing, twice.referencesNamed('logger')), where(shadowing, once.referencesNamed('logger')));
    assert.deepEqual(where(shadowing, twice.referencesNamed('logger')), ['2:39', '2:62', '3:16', '4:22', '4:62', '5:5']);
    const [, inA] = twice.declarationsOf('logger');
    assert.deepEqual(where(shadowing, twice.referencesWithin(inA.scope)), where(shadowing, once.referencesWithin(once.declarationsOf('logger')[1].scope)));
    assert.equal(twice.referencesWithin(inA.scope).length, 3);
  });

  it('gives each declaration of a name exactly the references that resolve to it, in source order', () => {
    const { index } = scopeIndexOf(shadowing);
    const declarations = index.declarationsOf('logger');
    assert.deepEqual(where(shadowing, declarations.map((declaration) => declaration.name)), ['1:7', '2:22', '4:12', '4:46']);
    const [moduleLevel, inA, parameter, inBlock] = declarations;
    assert.deepEqual(where(shadowing, index.referencesTo(moduleLevel)), ['3:16', '5:5']);
    assert.deepEqual(where(shadowing, index.referencesTo(inA)), ['2:39', '2:62']);
    assert.deepEqual(where(shadowing, index.referencesTo(parameter)), ['4:22']);
    assert.deepEqual(where(shadowing, index.referencesTo(inBlock)), ['4:62']);
    // Asked again, the same answer (the grouping is kept).
    assert.deepEqual(where(shadowing, index.referencesTo(moduleLevel)), ['3:16', '5:5']);
  });

  it('finds the declaration an identifier names, as the object resolve returns for its references', () => {
    const { index, identifiers } = scopeIndexOf(shadowing);
    const named = identifiers.filter((id) => id.text === 'logger');
    for (const declaration of index.declarationsOf('logger')) {
      assert.equal(index.indexedDeclaration(declaration.name), declaration);
      for (const reference of index.referencesTo(declaration)) assert.equal(index.resolve(reference), declaration);
    }
    const firstReference = named.find((id) => index.indexedDeclaration(id) === undefined)!;
    assert.deepEqual(where(shadowing, [firstReference]), ['2:39'], 'a reference names no declaration');
  });

  it('tells whether a function uses this, await or yield, nested functions included, apart from the ignored ones', () => {
    const text = [
      'function plain(k) { return k + 1; }',
      'function usesThis() { return this.x; }',
      'async function awaits() { const f = () => 1; await f(); }',
      'function outer() { const inner = async () => { await 1; }; return inner; }',
      'function* gen() { yield 1; }',
      'function after() { return 2; } this.y = 1;',
    ].join('\n');
    const { nodes } = nodesOf(text);
    const spots = new ImpureSpots();
    for (const node of nodes) {
      if (node.kind === ts.SyntaxKind.ThisKeyword || ts.isAwaitExpression(node) || ts.isYieldExpression(node)) spots.visit(node);
    }
    const functions = new Map(nodes.filter(ts.isFunctionDeclaration).map((fn) => [fn.name!.text, fn] as const));
    const none = new Set<ts.Node>();
    const touched = [...functions].filter(([, fn]) => spots.touches(fn, none)).map(([name]) => name);
    assert.deepEqual(touched, ['usesThis', 'awaits', 'outer', 'gen']);
    const thisInUsesThis = nodes.find((node) => node.kind === ts.SyntaxKind.ThisKeyword && node.pos < functions.get('usesThis')!.end)!;
    assert.equal(spots.touches(functions.get('usesThis')!, new Set([thisInUsesThis])), false, 'an ignored spot does not count');
  });
});
