import { DEFAULT_SETTINGS, normalizeSettings, type LeakLintSettings } from './settings';

/** Asks the client for the `leaklint` section in a scope (`workspace/configuration`). */
export type SettingsFetcher = (scopeUri: string) => Promise<unknown>;

/**
 * Settings per scope (a document or a workspace folder), read from the client once and cached
 * until the configuration changes. Clients without `workspace/configuration` get the defaults
 * from `initializationOptions.settings` (or a pushed `didChangeConfiguration`).
 */
export class SettingsStore {
  private readonly cache = new Map<string, LeakLintSettings>();
  private readonly pending = new Map<string, Promise<LeakLintSettings>>();
  private defaults: LeakLintSettings = { ...DEFAULT_SETTINGS };
  /** Bumped by `clear()`: a fetch started before a change must not fill the cache after it. */
  private generation = 0;

  constructor(
    private readonly fetcher: SettingsFetcher | undefined,
    private readonly onProblems: (problems: string[]) => void,
  ) {}

  /** Settings that apply where the client cannot be asked: initializationOptions or pushed settings. */
  setDefaults(raw: unknown): void {
    const { settings, problems } = normalizeSettings(raw);
    if (problems.length > 0) this.onProblems(problems);
    this.defaults = settings;
  }

  /** The cached settings, if any, without asking the client. */
  peek(scopeUri: string): LeakLintSettings | undefined {
    return this.cache.get(scopeUri) ?? (this.fetcher ? undefined : this.defaults);
  }

  /**
   * The settings for a scope. `keep` is asked after the answer arrives: a document closed
   * meanwhile must not leave a cache entry behind.
   */
  async get(scopeUri: string, keep: () => boolean = () => true): Promise<LeakLintSettings> {
    if (!this.fetcher) return this.defaults;
    const cached = this.cache.get(scopeUri);
    if (cached) return cached;
    let request = this.pending.get(scopeUri);
    if (!request) {
      const generation = this.generation;
      request = this.fetch(scopeUri).finally(() => {
        if (this.pending.get(scopeUri) === request) this.pending.delete(scopeUri);
      });
      this.pending.set(scopeUri, request);
      const settings = await request;
      if (generation === this.generation && keep()) this.cache.set(scopeUri, settings);
      return settings;
    }
    return request;
  }

  private async fetch(scopeUri: string): Promise<LeakLintSettings> {
    let raw: unknown;
    try {
      raw = await this.fetcher!(scopeUri);
    } catch {
      return this.defaults;
    }
    const { settings, problems } = normalizeSettings(raw, this.defaults);
    if (problems.length > 0) this.onProblems(problems);
    return settings;
  }

  forget(scopeUri: string): void {
    this.cache.delete(scopeUri);
    this.pending.delete(scopeUri);
  }

  clear(): void {
    this.generation++;
    this.cache.clear();
    this.pending.clear();
  }

  get size(): number {
    return this.cache.size;
  }
}
