/** Where problems go: a message the user sees, and a log line with the details. */
export interface ProblemSink {
  showError(message: string, actionTitle?: string): Promise<boolean>;
  log(details: string): void;
}

export interface Problem {
  /** Identifies the problem: the same key is shown once, however often it happens. */
  key: string;
  message: string;
  details: string;
  /** An action offered with the message; called when the user picks it. */
  action?: { title: string; run: () => void };
}

/** Past this many distinct problems the oldest is forgotten, so memory stays bounded. */
const MAX_REMEMBERED = 200;

/**
 * Shows each distinct problem once (a broken config would otherwise be reported on every
 * keystroke) and writes its details to the log.
 */
export class ProblemReporter {
  private readonly shown = new Set<string>();

  constructor(private readonly sink: ProblemSink) {}

  report(problem: Problem): void {
    if (this.shown.has(problem.key)) return;
    if (this.shown.size >= MAX_REMEMBERED) this.shown.delete(this.shown.values().next().value!);
    this.shown.add(problem.key);
    this.sink.log(`[${new Date().toISOString()}] ${problem.message}\n${problem.details}`);
    void this.sink.showError(problem.message, problem.action?.title).then(
      (picked) => {
        if (picked) problem.action?.run();
      },
      () => undefined,
    );
  }

  /** Forgets problems whose key starts with `prefix`, so that they are shown again if they recur. */
  forget(prefix: string): void {
    for (const key of this.shown) if (key.startsWith(prefix)) this.shown.delete(key);
  }

  get size(): number {
    return this.shown.size;
  }
}
