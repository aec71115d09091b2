// Bundles the three entry points with esbuild. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !process.argv.includes('--no-minify'),
  keepNames: true,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { entryPoints: ['client/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

mkdirSync('dist', { recursive: true });
const started = Date.now();
await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
chmodSync('dist/cli.js', 0o755);
if (!watch) console.log(`built dist/client.js, dist/server.js, dist/cli.js in ${Date.now() - started} ms`);
