import type * as ts from 'typescript';
import { isGuardedByLimit, type CounterBounds } from './queue-guards';
import { localAliasDeclaration, type QueueCandidate, type QueueSiteCollector, type QueueUse } from './queue-candidates';
import { isFreshArray, isNullish } from './queue-expressions';
import { assignedValue, isAppend, isTeardown, lengthLocalIsBound, roleOf, type Role } from './queue-roles';

/**
 * The verdict on a long-lived array: a queue (appended in one function, consumed in arrival order
 * in another) with no bound anywhere in scope.
 */

export interface ProducerAppend {
  use: QueueUse;
  /** Added at the front (unshift), so the oldest item is at the back. */
  atFront: boolean;
}

export interface QueueVerdict {
  /** Every place that grows it (in a function, after construction). */
  appends: QueueUse[];
  /** The appends made in functions that do not consume it: the producers, where a bound belongs. */
  producerAppends: ProducerAppend[];
}

interface RoledUse {
  use: QueueUse;
  role: Role;
}

export function analyzeQueue(
  candidate: QueueCandidate,
  collector: QueueSiteCollector,
  counters: CounterBounds,
  sourceFile: ts.SourceFile,
): QueueVerdict | undefined {
  if (candidate.isExported || candidate.isParameter) return undefined;
  if (!candidate.initializers.some(isFreshArray) && !candidate.uses.some((use) => use.kind === 'assign' && isFreshArray(assignedValue(use)))) {
    return undefined;
  }
  if (candidate.initializers.some((value) => !isFreshArray(value) && !isNullish(value))) return undefined;

  const roled: RoledUse[] = [];
  for (const use of candidate.uses) {
    const role = roleOf(use, sourceFile, false);
    if (role === 'foreign' || role === 'bound') return undefined;
    if (role === 'local-alias') {
      roled.push({ use, role: 'read' });
      for (const aliasUse of collector.localUses(localAliasDeclaration(use)!)) {
        const aliasRole = roleOf(aliasUse, sourceFile, true);
        if (aliasRole === 'bound') return undefined;
        if (aliasRole === 'length-local' && lengthLocalIsBound(aliasUse, collector)) return undefined;
        roled.push({ use: aliasUse, role: aliasRole });
      }
      continue;
    }
    if (role === 'length-local' && lengthLocalIsBound(use, collector)) return undefined;
    roled.push({ use, role });
  }

  const fnsWith = (roles: Role[]) => new Set(roled.filter((entry) => roles.includes(entry.role)).map((entry) => entry.use.fn));
  const clearing = fnsWith(['clear']);
  const handingOn = fnsWith(['read', 'pass']);
  // Read whole and emptied in one function: a drain, when the items are handed on rather than
  // assembled into one value (a string builder, the chunks of one message).
  const draining = new Set([...clearing].filter((fn) => fn !== undefined && handingOn.has(fn)));
  for (const fn of fnsWith(['drain'])) draining.add(fn);

  // Handed to other code while it is live: that code may bound it, so it is not ours to judge.
  if (roled.some((entry) => entry.role === 'pass' && !draining.has(entry.use.fn))) return undefined;
  // Emptied while tearing down (dispose, close, stop…): a list of things to release, not a consumer.
  const consumingDrains = new Set([...draining].filter((fn) => !isTeardown(fn)));

  const appendRoles = new Set(roled.map((entry) => entry.role).filter(isAppend));
  // A queue hands items on in arrival order: taken from the other end than they were added, or
  // drained whole. Taking from the same end is a stack, whose depth follows nesting (a parser's
  // open elements, a pool's free list) rather than a producer outrunning a consumer.
  const takesInOrder = (role: Role) =>
    (role === 'take-front' && (appendRoles.has('append-back') || appendRoles.has('insert'))) ||
    (role === 'take-back' && (appendRoles.has('append-front') || appendRoles.has('insert')));
  const consumptions = roled.filter((entry) => takesInOrder(entry.role) ||
    ((entry.role === 'clear' || entry.role === 'drain') && consumingDrains.has(entry.use.fn)));
  if (consumptions.length === 0) return undefined;
  // Drained whole and also pruned item by item: a list of subscribers or waiters, each of which
  // leaves on its own; not items waiting in line.
  const takesOne = consumptions.some((entry) => entry.role !== 'clear' && entry.role !== 'drain');
  if (!takesOne && roled.some((entry) => entry.role === 'remove')) return undefined;
  const consumers = new Set(consumptions.map((entry) => entry.use.fn));

  const growing = roled.filter((entry) => isAppend(entry.role) && entry.use.fn !== undefined && !entry.use.inInitializer &&
    !(entry.use.inConstructor && candidate.kind === 'instance-field'));
  const producerAppends = growing
    .filter((entry) => !consumers.has(entry.use.fn))
    .map((entry) => ({ use: entry.use, atFront: entry.role === 'append-front' }));
  if (producerAppends.length === 0) return undefined;
  if (producerAppends.some(({ use }) => isGuardedByLimit(use.call ?? use.context) || counters.boundsFunction(use.fn))) return undefined;
  return { appends: growing.map((entry) => entry.use), producerAppends };
}

