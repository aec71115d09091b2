import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { lintText } from '../server/engine/linter';
import { REPO_ROOT } from './helpers';

/**
 * Every rule has docs/rules/<id>.md with its story, and examples in fenced blocks tagged
 * `bad` or `good` (```ts bad). Bad examples must be flagged by the rule, good ones must not.
 */
interface Example {
  code: string;
  kind: 'bad' | 'good';
  language: string;
  line: number;
}

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```(\w+) (bad|good)[^\n]*\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    examples.push({
      language: match[1],
      kind: match[2] as 'bad' | 'good',
      code: match[3],
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return examples;
}

const EXTENSION: Record<string, string> = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', jsx: 'jsx' };

describe('rule docs', () => {
  for (const rule of allRules) {
    describe(rule.meta.id, () => {
      const page = path.join(REPO_ROOT, 'docs', 'rules', `${rule.meta.id}.md`);

      it('has a page that the meta links to, telling its story', () => {
        assert.ok(fs.existsSync(page), `missing ${path.relative(REPO_ROOT, page)}`);
        assert.ok(rule.meta.docsUrl.endsWith(`/docs/rules/${rule.meta.id}.md`), rule.meta.docsUrl);
        const markdown = fs.readFileSync(page, 'utf8');
        assert.match(markdown, new RegExp(`^# ${rule.meta.id}\\b`, 'm'));
        for (const story of rule.meta.stories) assert.match(markdown, new RegExp(`[Ss]tory ${story}\\b`), `cites story ${story}`);
        for (const heading of ['## Options']) assert.ok(markdown.includes(heading), `has ${heading}`);
        for (const option of Object.keys(rule.meta.defaultOptions)) assert.ok(markdown.includes(`\`${option}\``), `documents option ${option}`);
      });

      it('has bad examples the rule flags and good examples it does not', () => {
        if (!fs.existsSync(page)) return assert.fail('no docs page');
        const examples = examplesOf(fs.readFileSync(page, 'utf8'));
        assert.ok(examples.some((example) => example.kind === 'bad'), 'at least one bad example');
        assert.ok(examples.some((example) => example.kind === 'good'), 'at least one good example');
        for (const example of examples) {
          const file = `example.${EXTENSION[example.language] ?? 'ts'}`;
          const enabled = [{ rule, severity: rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions } }];
          const findings = lintText(file, example.code, enabled).findings.filter((finding) => finding.ruleId === rule.meta.id);
          if (example.kind === 'bad') assert.ok(findings.length > 0, `bad example at line ${example.line} is not flagged`);
          else assert.equal(findings.length, 0, `good example at line ${example.line} is flagged: ${findings.map((f) => f.message).join('; ')}`);
        }
      });
    });
  }

  it('every docs page belongs to a rule', () => {
    const ids = new Set(allRules.map((rule) => rule.meta.id));
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules'))) {
      assert.ok(ids.has(path.basename(file, '.md')), `docs/rules/${file} has no rule`);
    }
  });

  it('the README links every rule', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const rule of allRules) assert.ok(readme.includes(`docs/rules/${rule.meta.id}.md`), rule.meta.id);
  });
});
