import type { Rule } from './rule';

/** The set of rules a linter run knows about, by id. */
export class RuleRegistry {
  private readonly byId = new Map<string, Rule>();

  constructor(readonly rules: readonly Rule[]) {
    for (const rule of rules) {
      if (this.byId.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
      this.byId.set(rule.meta.id, rule);
    }
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  get ids(): ReadonlySet<string> {
    return new Set(this.byId.keys());
  }

  /** The closest known id, for "did you mean" hints. */
  suggest(id: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const known of this.byId.keys()) {
      const distance = editDistance(id, known);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = known;
      }
    }
    return bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
