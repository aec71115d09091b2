import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { factsStatistics } from '../../server/engine/facts';
import { lintSourceFile, lintText, RECURSION_DEPTH_LIMIT, type EnabledRule } from '../../server/engine/linter';
import { defineRule, type Rule, type RuleVisitor } from '../../server/engine/rule';
import { parseSource, scriptKindFor } from '../../server/engine/source';

function testRule(id: string, create: Rule['create'], usesFacts = false): Rule {
  return defineRule({
    meta: {
      id,
      description: 'test rule',
      defaultSeverity: 'warning',
      docsUrl: 'https://example.invalid',
      fixable: false,
      hasSuggestions: false,
      optionsSchema: { type: 'object' },
      defaultOptions: {},
      stories: [],
      usesFacts,
    },
    create,
  });
}

const enable = (rule: Rule): EnabledRule => ({ rule, severity: 'warning', options: {} });

const SAMPLE = `
import { EventEmitter } from 'node:events';
const queue: number[] = [];
export class Pump extends EventEmitter {
  #buffer = new Map<string, number>();
  private readonly items: string[] = [];
  push(value: number) { queue.push(value); this.#buffer.set(String(value), value); }
  drain() { return queue.shift(); }
}
function local() { const queue = [1]; queue.push(2); return queue; }
`;

describe('engine: single traversal and dispatch', () => {
  it('calls every rule once for every node, in document order', () => {
    const visits = new Map<string, ts.Node[]>();
    const everyKind = (id: string) => testRule(id, () => {
      const visitor: RuleVisitor = {};
      const seen: ts.Node[] = [];
      visits.set(id, seen);
      for (let kind = 0; kind <= ts.SyntaxKind.Count; kind++) visitor[kind] = (node) => seen.push(node);
      return visitor;
    });
    lintText('sample.ts', SAMPLE, [enable(everyKind('a')), enable(everyKind('b'))]);

    const expected: ts.Node[] = [];
    const sourceFile = parseSource('sample.ts', SAMPLE);
    const walk = (node: ts.Node) => {
      expected.push(node);
      ts.forEachChild(node, walk);
    };
    walk(sourceFile);
    for (const id of ['a', 'b']) {
      const seen = visits.get(id)!;
      assert.equal(new Set(seen).size, seen.length, `rule ${id} saw a node twice`);
      assert.deepEqual(seen.map((node) => [node.kind, node.pos, node.end]), expected.map((node) => [node.kind, node.pos, node.end]));
    }
  });

  it('sets every parent pointer the parser leaves unset, before a rule sees the node, at any depth', () => {
    const code = `${SAMPLE}\nconst deep = ${'['.repeat(RECURSION_DEPTH_LIMIT + 50)}1${']'.repeat(RECURSION_DEPTH_LIMIT + 50)};\n`;
    const withParents = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.Latest, true, scriptKindFor('sample.ts'));
    const sourceFile = parseSource('sample.ts', code);
    assert.equal(sourceFile.statements[0].parent, undefined, 'parseSource now sets parents: the walk need not');
    const parentAtVisit: Array<[ts.SyntaxKind, number, ts.SyntaxKind | undefined]> = [];
    const everyKind = testRule('every-kind', () => {
      const visitor: RuleVisitor = {};
      for (let kind = 0; kind <= ts.SyntaxKind.Count; kind++) {
        visitor[kind] = (node) => parentAtVisit.push([node.kind, node.pos, node.parent?.kind]);
      }
      return visitor;
    });
    lintSourceFile(sourceFile, 'sample.ts', [enable(everyKind)]);

    const expected: Array<[ts.SyntaxKind, number, ts.SyntaxKind | undefined]> = [];
    const pairs: Array<[ts.Node, ts.Node]> = [];
    const walk = (node: ts.Node, twin: ts.Node) => {
      expected.push([twin.kind, twin.pos, twin.parent?.kind]);
      pairs.push([node, twin]);
      const children: ts.Node[] = [];
      const twins: ts.Node[] = [];
      ts.forEachChild(node, (child) => void children.push(child));
      ts.forEachChild(twin, (child) => void twins.push(child));
      children.forEach((child, i) => walk(child, twins[i]));
    };
    walk(sourceFile, withParents);
    assert.ok(expected.length > RECURSION_DEPTH_LIMIT + 50);
    assert.deepEqual(parentAtVisit, expected);
    const wrong = pairs.filter(([node, twin]) => (node.parent?.pos ?? -1) !== (twin.parent?.pos ?? -1) || node.parent?.kind !== twin.parent?.kind);
    assert.equal(wrong.length, 0);
  });

  it('dispatches only the kinds a rule asks for', () => {
    const kinds: ts.SyntaxKind[] = [];
    const rule = testRule('calls', () => ({
      [ts.SyntaxKind.CallExpression]: (node) => kinds.push(node.kind),
    }));
    lintText('sample.ts', SAMPLE, [enable(rule)]);
    // queue.push, this.#buffer.set, String, queue.shift, and the local queue.push
    assert.equal(kinds.length, 5);
    assert.ok(kinds.every((kind) => kind === ts.SyntaxKind.CallExpression));
  });

  it('walks the deepest nesting the parser accepts', () => {
    const depth = 2000;
    const code = `${'if (x) '.repeat(depth)}{}`;
    let count = 0;
    const rule = testRule('ifs', () => ({ [ts.SyntaxKind.IfStatement]: () => count++ }));
    lintText('deep.ts', code, [enable(rule)]);
    assert.equal(count, depth);
  });

  it('turns nesting too deep for the parser into one file-skipped notice', () => {
    const depth = 10000;
    const code = `const x = ${'['.repeat(depth)}1${']'.repeat(depth)};`;
    const { findings } = lintText('deep.ts', code, []);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['file-skipped', 'info']]);
    assert.match(findings[0].message, /nested too deeply/);
  });

  it('keeps every finding of a file with hundreds of thousands of them', () => {
    // A generated 20 MB file has 216,000; passing that many as arguments of one call overflowed
    // the stack, and the whole file came back as one internal-error notice.
    const count = 200_000;
    const many = testRule('many', (context) => ({
      [ts.SyntaxKind.ClassDeclaration]: (node) => {
        for (let i = 0; i < count; i++) context.report({ node, message: 'again' });
      },
    }));
    const { findings } = lintText('sample.ts', SAMPLE, [enable(many)]);
    assert.equal(findings.length, count);
    assert.ok(findings.every((finding) => finding.ruleId === 'many'));
  });

  it('contains a failing rule: other rules still report, and one internal-error notice names it', () => {
    const broken = testRule('broken', () => ({ [ts.SyntaxKind.Identifier]: () => { throw new Error('boom'); } }));
    const working = testRule('working', (context) => ({
      [ts.SyntaxKind.ClassDeclaration]: (node) => context.report({ node, message: 'a class' }),
    }));
    const { findings } = lintText('sample.ts', SAMPLE, [enable(broken), enable(working)]);
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['internal-error', 'working']);
    assert.match(findings.find((f) => f.ruleId === 'internal-error')!.message, /broken failed on this file \(boom\)/);
  });
});

describe('engine: shared facts', () => {
  it('are computed once per file however many rules read them', () => {
    const seen: string[] = [];
    const reader = (id: string) => testRule(id, (context) => ({
      fileEnd: () => {
        const queue = context.facts.moduleBindings.get('queue')!;
        seen.push(`${id}:${queue.uses.map((use) => `${use.kind}.${use.member}`).join(',')}`);
      },
    }), true);
    const before = factsStatistics.finalized;
    lintText('sample.ts', SAMPLE, [enable(reader('one')), enable(reader('two')), enable(reader('three'))]);
    assert.equal(factsStatistics.finalized - before, 1);
    // The shadowing `queue` inside local() is not the module variable.
    assert.deepEqual(seen, ['one:call.push,call.shift', 'two:call.push,call.shift', 'three:call.push,call.shift']);
  });

  it('are not collected when no enabled rule uses them', () => {
    const before = factsStatistics.finalized;
    const rule = testRule('plain', () => ({ fileEnd: () => undefined }));
    lintText('sample.ts', SAMPLE, [enable(rule)]);
    assert.equal(factsStatistics.finalized, before);
  });

  it('describe class fields: privacy, uses and the enclosing function', () => {
    let described = '';
    const rule = testRule('fields', (context) => ({
      fileEnd: () => {
        const pump = context.facts.classes.find((c) => c.name === 'Pump')!;
        described = [...pump.fields.values()]
          .map((field) => `${field.name}:${field.isPrivate}:${field.uses.map((u) => `${u.kind}.${u.member}@${(u.fn as ts.MethodDeclaration).name.getText()}`).join(',')}`)
          .join(' ');
      },
    }), true);
    lintText('sample.ts', SAMPLE, [enable(rule)]);
    assert.equal(described, '#buffer:true:call.set@push items:true:');
  });

  it('refuse to be read before the traversal ends', () => {
    const eager = testRule('eager', (context) => ({ [ts.SyntaxKind.Identifier]: () => void context.facts.classes }), true);
    const { findings } = lintText('sample.ts', SAMPLE, [enable(eager)]);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /facts are complete only in fileEnd/);
  });
});

describe('engine: values shared between rules', () => {
  it('are made once per file for every rule that asks with the same function, and anew for the next file', () => {
    const made: string[] = [];
    const nameList = (sourceFile: ts.SourceFile) => {
      made.push(sourceFile.fileName);
      return [] as string[];
    };
    const otherList = (_sourceFile: ts.SourceFile) => [] as string[];
    const got: Array<{ rule: string; names: string[]; other: string[] }> = [];
    const asker = (id: string) => testRule(id, (context) => {
      const names = context.shared(nameList);
      const other = context.shared(otherList);
      got.push({ rule: id, names, other });
      return { [ts.SyntaxKind.Identifier]: (node) => void names.push(`${id}:${(node as ts.Identifier).text}`) };
    });
    lintText('a.ts', 'let x = y;', [enable(asker('one')), enable(asker('two'))]);
    lintText('b.ts', 'z;', [enable(asker('one'))]);
    assert.deepEqual(made, ['a.ts', 'b.ts']);
    assert.equal(got[0].names, got[1].names);
    assert.notEqual(got[0].names, got[0].other);
    assert.notEqual(got[1].names, got[2].names);
    assert.deepEqual(got[0].names, ['one:x', 'two:x', 'one:y', 'two:y']);
    assert.deepEqual(got[2].names, ['one:z']);
  });
});

describe('engine: parsing', () => {
  it('picks the ScriptKind from the extension', () => {
    const expected: Array<[string, ts.ScriptKind]> = [
      ['a.ts', ts.ScriptKind.TS], ['a.mts', ts.ScriptKind.TS], ['a.cts', ts.ScriptKind.TS], ['a.tsx', ts.ScriptKind.TSX],
      ['a.js', ts.ScriptKind.JS], ['a.mjs', ts.ScriptKind.JS], ['a.cjs', ts.ScriptKind.JS], ['a.jsx', ts.ScriptKind.JSX],
      ['A.TS', ts.ScriptKind.TS],
    ];
    for (const [file, kind] of expected) assert.equal(scriptKindFor(file), kind, file);
  });

  it('parses JSX only in .tsx/.jsx, and type assertions only in .ts', () => {
    const code = 'const a = <Foo>bar;';
    const tsErrors = lintText('a.ts', code, []).syntaxErrorCount;
    const tsxErrors = lintText('a.tsx', code, []).syntaxErrorCount;
    assert.equal(tsErrors, 0);
    assert.ok(tsxErrors > 0);
  });

  it('still reports findings in the parts of a file that parse, plus one syntax-error notice', () => {
    const rule = testRule('classes', (context) => ({
      [ts.SyntaxKind.ClassDeclaration]: (node) => context.report({ node: (node as ts.ClassDeclaration).name!, message: 'class' }),
    }));
    const code = 'class Good {}\nfunction broken( {\n  const x = ;\n}\nclass AlsoGood {}\n';
    const result = lintText('broken.ts', code, [enable(rule)]);
    assert.ok(result.syntaxErrorCount > 0);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}@${f.startPos.line}`), ['classes@1', 'syntax-error@3', 'classes@5']);
    assert.match(result.findings[1].message, /syntax error/);
  });
});
