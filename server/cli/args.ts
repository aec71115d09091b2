import { parseShard, type Shard } from './shard';

export type OutputFormat = 'stylish' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  maxWarnings: number | undefined;
  rules: Array<{ id: string; value: unknown }>;
  config: string | undefined;
  quiet: boolean;
  ignorePatterns: string[];
  outputFile: string | undefined;
  color: boolean | undefined;
  followSymlinks: boolean;
  maxFileSize: number | undefined;
  /** `--jobs`: undefined means "as many as there are cores, when the scan is large enough". */
  jobs: number | undefined;
  cache: boolean;
  cacheLocation: string | undefined;
  shard: Shard | undefined;
  help: boolean;
  version: boolean;
  listRules: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `Usage: leaklint [options] [paths...]

Finds memory-leak patterns in TypeScript and JavaScript files.
Paths are files or folders (default: the current folder). Folders are walked for
.ts .tsx .mts .cts .js .jsx .mjs .cjs files (not .d.ts), respecting .gitignore and
skipping node_modules, dist, out, build, coverage and *.min.js.

Output:
  -f, --format <name>        stylish (default), json, or sarif (SARIF 2.1.0)
  -o, --output-file <path>   write the report to a file instead of stdout
  --quiet                    report errors only
  --color, --no-color        force colours on or off (default: on for a terminal)

Rules and configuration:
  -c, --config <path>        use this config file instead of looking up .leaklintrc.json
  --rule <id:severity>       set a rule's severity: off, info, warning, error
                             (repeatable; wins over config files), or
                             --rule 'id:["warning", { ...options }]'
  --list-rules               list the rules with their default severity and exit

Files:
  --ignore-pattern <glob>    also skip files matching this .gitignore-style pattern
                             (repeatable; relative to the current folder)
  --max-file-size <bytes>    skip larger files with an info message (default 1048576)
  --follow-symlinks          follow symbolic links while walking folders

Fixing:
  --fix                      apply safe fixes in place (suggestions are never applied)

Speed:
  --jobs <n>                 lint on n threads (default: one per core, for scans
                             big enough to gain from it; 1: no worker threads)
  --cache                    reuse results of files unchanged since the last run
                             (same content, config and LeakLint version)
  --cache-location <folder>  where the cache lives (default node_modules/.cache/leaklint/)
  --shard <k>/<n>            lint only the k-th of n parts of the files (split by path
                             hash), to spread a large repository over n CI machines

Exit status:
  --max-warnings <n>         fail when there are more than n warnings
  0 no errors (and warnings within --max-warnings), 1 otherwise,
  2 usage or configuration error.

  -h, --help                 show this help
  -v, --version              show the version

Suppress a finding with a comment:
  // leaklint-disable-next-line rule-id -- reason
  // leaklint-disable-line rule-id -- reason
  /* leaklint-disable rule-id -- reason */   (whole file; no rule id = all rules)

Configuration file .leaklintrc.json (looked up from each file's folder upwards):
  { "rules": { "unbounded-queue": "error", "logger-per-call": ["warning", { }] },
    "ignore": ["generated/**"] }
`;

const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];
/** More threads than this only adds memory; no machine we know of gains from it. */
const MAX_JOBS = 256;

function parseNonNegativeInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

function parseRuleArgument(value: string): { id: string; value: unknown } {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new UsageError(`--rule expects id:severity (for example unbounded-queue:error), got "${value}"`);
  const id = value.slice(0, colon).trim();
  const setting = value.slice(colon + 1).trim();
  if (setting.startsWith('[')) {
    try {
      return { id, value: JSON.parse(setting) };
    } catch {
      throw new UsageError(`--rule ${id}: the setting is not valid JSON: ${setting}`);
    }
  }
  return { id, value: setting };
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    paths: [],
    format: 'stylish',
    fix: false,
    maxWarnings: undefined,
    rules: [],
    config: undefined,
    quiet: false,
    ignorePatterns: [],
    outputFile: undefined,
    color: undefined,
    followSymlinks: false,
    maxFileSize: undefined,
    jobs: undefined,
    cache: false,
    cacheLocation: undefined,
    shard: undefined,
    help: false,
    version: false,
    listRules: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      options.paths.push(argument);
      continue;
    }
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    const flag = equals > 0 ? argument.slice(0, equals) : argument;
    const inline = equals > 0 ? argument.slice(equals + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} expects a value`);
      i++;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} does not take a value`);
    };
    switch (flag) {
      case '-f':
      case '--format': {
        const format = value();
        if (!FORMATS.includes(format as OutputFormat)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
        }
        options.format = format as OutputFormat;
        break;
      }
      case '-o':
      case '--output-file':
        options.outputFile = value();
        break;
      case '--fix':
        noValue();
        options.fix = true;
        break;
      case '--max-warnings':
        options.maxWarnings = parseNonNegativeInteger(flag, value());
        break;
      case '--rule':
        options.rules.push(parseRuleArgument(value()));
        break;
      case '-c':
      case '--config':
        options.config = value();
        break;
      case '--quiet':
        noValue();
        options.quiet = true;
        break;
      case '--ignore-pattern':
        options.ignorePatterns.push(value());
        break;
      case '--color':
        noValue();
        options.color = true;
        break;
      case '--no-color':
        noValue();
        options.color = false;
        break;
      case '--follow-symlinks':
        noValue();
        options.followSymlinks = true;
        break;
      case '--max-file-size': {
        const size = parseNonNegativeInteger(flag, value());
        if (size === 0) throw new UsageError('--max-file-size must be at least 1');
        options.maxFileSize = size;
        break;
      }
      case '--jobs': {
        const jobs = parseNonNegativeInteger(flag, value());
        if (jobs === 0 || jobs > MAX_JOBS) throw new UsageError(`--jobs must be between 1 and ${MAX_JOBS}`);
        options.jobs = jobs;
        break;
      }
      case '--cache':
        noValue();
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = value();
        break;
      case '--shard': {
        const text = value();
        options.shard = parseShard(text);
        if (!options.shard) throw new UsageError(`--shard expects k/n with 1 <= k <= n (for example 2/4), got "${text}"`);
        break;
      }
      case '--list-rules':
        noValue();
        options.listRules = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}
