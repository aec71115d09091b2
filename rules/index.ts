import type { Rule } from '../server/engine/rule';
import loggerPerCall from './logger-per-call';

/** Every rule LeakLint ships. Adding a rule: its file, its test, its docs page, and one line here. */
export const allRules: readonly Rule[] = [
  loggerPerCall,
];
