import * as assert from 'node:assert/strict';
import { generateFile } from '../../bench/corpus';
import loggerPerCall from '../../rules/logger-per-call';
import missingCompanionCall from '../../rules/missing-companion-call';
import { lintText, type EnabledRule } from '../../server/engine/linter';
import type { Rule } from '../../server/engine/rule';

const enable = (rule: Rule): EnabledRule => ({ rule, severity: rule.meta.defaultSeverity, options: rule.meta.defaultOptions });

describe('rules sharing one scope index per file', () => {
  // logger-per-call and missing-companion-call resolve names through the same ScopeIndex
  // (context.shared), each feeding it the identifiers of the walk: on together, each must report
  // exactly what it reports alone.
  for (const [seed, ts] of [[2, false], [10, true], [13, false]] as const) {
    it(`report alone what they report together (generated ${ts ? 'TypeScript' : 'JavaScript'}, seed ${seed})`, () => {
      const fileName = ts ? 'mixed.ts' : 'mixed.js';
      const text = generateFile(seed, 1500, ts);
      const alone = [loggerPerCall, missingCompanionCall].flatMap((rule) => lintText(fileName, text, [enable(rule)]).findings);
      const together = lintText(fileName, text, [enable(loggerPerCall), enable(missingCompanionCall)]).findings;
      const key = (finding: (typeof alone)[number]) => JSON.stringify(finding);
      assert.ok(alone.some((finding) => finding.ruleId === loggerPerCall.meta.id), 'the file has a logger-per-call finding');
      assert.ok(alone.some((finding) => finding.ruleId === missingCompanionCall.meta.id), 'the file has a missing-companion-call finding');
      assert.deepEqual(together.map(key).sort(), alone.map(key).sort());
    });
  }
});
