import type { Rule } from '../server/engine/rule';
import loggerPerCall from './logger-per-call';
import missingCompanionCall from './missing-companion-call';
import unboundedQueue from './unbounded-queue';
import unboundedChain from './unbounded-chain';
import unclearedCollection from './uncleared-collection';
import unclearedTimer from './uncleared-timer';
import unremovedListener from './unremoved-listener';

/** Every rule LeakLint ships. Adding a rule: its file, its test, its docs page, and one line here. */
export const allRules: readonly Rule[] = [
  loggerPerCall,
  missingCompanionCall,
  unboundedQueue,
  unclearedCollection,
  unboundedChain,
  unclearedTimer,
  unremovedListener,
];
