import { forgetTree, lintText, type EnabledRule } from './linter';
import type { Rule } from './rule';

/**
 * The first lints after start-up run cold code: the parser's incremental path, the walk, the
 * facts and every rule are interpreted until V8 has seen them run often enough to compile them.
 * Measured on a 5,000-line file, the first eight edits took twice as long as the ones after.
 * An editor's server lints a made-up file through the same path a few times while it is idle
 * after start-up, so the user's first keystrokes are answered by compiled code.
 */

/** A path no document has: the warm-up's tree is dropped when it is done. */
export const WARM_UP_PATH = '/leaklint-warm-up/sample.ts';

/** One unit of the sample: each construct the rules look at, fixed and leaking, with ordinary code. */
function sampleUnit(n: number): string {
  return `
import { EventEmitter } from 'node:events';
import winston from 'winston';

const pending${n}: Array<{ id: number; body: string }> = [];
const cache${n} = new Map<string, number>();
const MAX_PENDING_${n} = 100;

export class Service${n} extends EventEmitter {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly seen = new Set<string>();
  private head = 0;

  start(): void {
    this.timer = setInterval(() => this.flush(), 1000);
    process.on('exit', () => this.stop());
    window.addEventListener('resize', this.onResize);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.compactHead();
  }

  handle(id: number, body: string): number {
    const logger = winston.createLogger({ level: 'info' });
    logger.info(\`handling \${id}\`);
    if (pending${n}.length < MAX_PENDING_${n}) pending${n}.push({ id, body });
    this.seen.add(body);
    cache${n}.set(body, (cache${n}.get(body) ?? 0) + id);
    for (let i = 0; i < body.length; i++) this.head += body.charCodeAt(i) % 7;
    return this.head;
  }

  private flush(): void {
    while (pending${n}.length > 0) {
      const next = pending${n}.shift();
      if (next) this.emit('item', next.id, next.body);
    }
  }

  private onResize = (): void => {
    this.head = 0;
  };

  private compactHead(): void {
    this.head = Math.max(0, this.head - 1);
  }
}
`;
}

export function warmUpSample(units: number): string {
  let text = '';
  for (let n = 0; n < units; n++) text += sampleUnit(n);
  return text;
}

const SAMPLE_UNITS = 12;
const EDITS = 16;

/**
 * Runs the warm-up one lint per step, each step scheduled with `schedule` (setImmediate in the
 * server), so requests that arrive meanwhile wait for one small lint at most.
 */
export function warmUp(rules: readonly Rule[], schedule: (step: () => void) => void, done?: () => void): void {
  const enabled: EnabledRule[] = rules.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions } }));
  let text = warmUpSample(SAMPLE_UNITS);
  let step = 0;
  const next = () => {
    if (step > EDITS) {
      forgetTree(WARM_UP_PATH);
      done?.();
      return;
    }
    if (step > 0) {
      // A space typed at the end of a line, as the editor's own edits come.
      const at = text.indexOf('\n', Math.floor((text.length * step) / (EDITS + 1)));
      text = `${text.slice(0, at)} ${text.slice(at)}`;
    }
    step++;
    try {
      lintText(WARM_UP_PATH, text, enabled, { incremental: true });
    } catch {
      step = EDITS + 1;
    }
    schedule(next);
  };
  schedule(next);
}
