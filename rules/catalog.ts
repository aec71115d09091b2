import type { Rule, RuleMeta } from '../server/engine/rule';

/**
 * The shipped rules' meta as a value, put into each bundle at build time (scripts/build.mjs).
 * With it a run can check its configuration and read its cache without loading the rules'
 * code and TypeScript, which are most of the CLI's start-up: a scan whose every file comes from
 * the cache never loads them. Undefined when running from the compiled sources (tests).
 */
declare const LEAKLINT_BUILT_RULE_META: readonly RuleMeta[] | undefined;

function loadRules(): readonly Rule[] {
  return (require('./index') as typeof import('./index')).allRules;
}

let implementations: ReadonlyMap<string, Rule> | undefined;

function implementationOf(id: string): Rule {
  implementations ??= new Map(loadRules().map((rule) => [rule.meta.id, rule]));
  const rule = implementations.get(id);
  if (!rule) throw new Error(`rule ${id} is in the built meta but not in rules/index.ts: rebuild (npm run build)`);
  return rule;
}

/** Every shipped rule, in the order of rules/index.ts; their code loads when the first file is linted. */
export function shippedRules(): readonly Rule[] {
  const metas = typeof LEAKLINT_BUILT_RULE_META === 'undefined' ? loadRules().map((rule) => rule.meta) : LEAKLINT_BUILT_RULE_META;
  return metas.map((meta) => ({ meta, create: (context) => implementationOf(meta.id).create(context) }));
}
