// Bundles the three entry points with esbuild. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whitespace and syntax only: names stay as written, so stack traces read without a map, and
  // no `keepNames` wrapper runs each time a closure is made (3% of a lint in the profile).
  minifyWhitespace: !process.argv.includes('--no-minify'),
  minifySyntax: !process.argv.includes('--no-minify'),
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The rules' meta, read from the rules themselves, for the CLI bundle to hold as a value
 * (rules/catalog.ts): a run that lints nothing then loads neither the rules nor TypeScript.
 */
async function builtRuleMeta() {
  const scratch = 'dist/.rule-meta.cjs';
  await build({ ...common, minify: false, entryPoints: ['rules/index.ts'], outfile: scratch, external: ['typescript'] });
  try {
    const metas = createRequire(import.meta.url)(`../${scratch}`).allRules.map((rule) => rule.meta);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(metas)), metas)) throw new Error('a rule meta does not survive JSON: keep it to plain data');
    return metas;
  } finally {
    rmSync(scratch, { force: true });
  }
}

mkdirSync('dist', { recursive: true });
const started = Date.now();
const ruleMeta = JSON.stringify(await builtRuleMeta());

const entries = [
  { entryPoints: ['client/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/lsp/main.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['server/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    // The CLI is installed with its dependencies, so TypeScript (a dependency) is required from
    // node_modules when the first file is linted: bundled, it would be parsed at every start,
    // even by a run whose results all come from the cache. The editor's server bundles it.
    external: ['typescript'],
    define: { LEAKLINT_BUILT_RULE_META: ruleMeta },
  },
];

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
chmodSync('dist/cli.js', 0o755);
if (!watch) console.log(`built dist/client.js, dist/server.js, dist/cli.js in ${Date.now() - started} ms`);
