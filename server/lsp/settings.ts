import { DEFAULT_MAX_FILE_SIZE } from '../engine/config-schema';

export type RunMode = 'onType' | 'onSave';

/** The `leaklint.*` settings as the server uses them, after validation. */
export interface LeakLintSettings {
  enable: boolean;
  run: RunMode;
  debounceMs: number;
  /** Rule id to a severity or `[severity, options]`, as in `.leaklintrc.json`; wins over config files. */
  rules: Record<string, unknown>;
  /** Default for files whose `.leaklintrc.json` sets no `maxFileSize`. */
  maxFileSize: number;
  /** `.gitignore`-style patterns relative to the workspace folder. */
  exclude: string[];
}

export const DEFAULT_SETTINGS: Readonly<LeakLintSettings> = Object.freeze({
  enable: true,
  run: 'onType',
  debounceMs: 200,
  rules: {},
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  exclude: [],
});

/** A debounce longer than this is a typo, and would look like LeakLint stopped working. */
const MAX_DEBOUNCE_MS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever the client sent (user JSON, possibly wrong) into settings, falling back to
 * `base` field by field, and lists what was wrong so it can be reported once.
 */
export function normalizeSettings(raw: unknown, base: Readonly<LeakLintSettings> = DEFAULT_SETTINGS): { settings: LeakLintSettings; problems: string[] } {
  const settings: LeakLintSettings = { ...base, rules: { ...base.rules }, exclude: [...base.exclude] };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isRecord(raw)) return { settings, problems: ['leaklint settings must be an object'] };
  const wrong = (key: string, expected: string) => problems.push(`leaklint.${key} must be ${expected}, got ${JSON.stringify(raw[key])}`);

  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else wrong('enable', 'true or false');
  }
  if (raw.run !== undefined) {
    if (raw.run === 'onType' || raw.run === 'onSave') settings.run = raw.run;
    else wrong('run', '"onType" or "onSave"');
  }
  if (raw.debounceMs !== undefined) {
    if (typeof raw.debounceMs === 'number' && Number.isFinite(raw.debounceMs) && raw.debounceMs >= 0) {
      settings.debounceMs = Math.min(Math.round(raw.debounceMs), MAX_DEBOUNCE_MS);
    } else wrong('debounceMs', 'a number of milliseconds, 0 or more');
  }
  if (raw.rules !== undefined) {
    if (isRecord(raw.rules)) settings.rules = { ...raw.rules };
    else wrong('rules', 'an object of rule id to severity');
  }
  if (raw.maxFileSize !== undefined) {
    if (typeof raw.maxFileSize === 'number' && Number.isInteger(raw.maxFileSize) && raw.maxFileSize > 0) settings.maxFileSize = raw.maxFileSize;
    else wrong('maxFileSize', 'a positive whole number of bytes');
  }
  if (raw.exclude !== undefined) {
    if (Array.isArray(raw.exclude) && raw.exclude.every((pattern) => typeof pattern === 'string')) {
      settings.exclude = raw.exclude.filter((pattern: string) => pattern.trim().length > 0);
    } else wrong('exclude', 'an array of glob patterns');
  }
  return { settings, problems };
}
