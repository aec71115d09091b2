import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLeaklint } from './cli-helpers';
import { REPO_ROOT } from './helpers';

/**
 * The arguments of `npm run lint:self` (LeakLint's own code; test fixtures are leaky on
 * purpose and ignored there), so that this test and the script cannot drift apart.
 */
function lintSelfArguments(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts['lint:self'].split(/\s+/);
  assert.deepEqual(words.slice(0, 2), ['node', 'dist/cli.js'], 'lint:self runs the built CLI');
  // A folder that does not exist (yet) would be a usage error: leave it out.
  return words.slice(2).filter((word, index, all) => word.startsWith('-') || all[index - 1] === '--ignore-pattern' || fs.existsSync(path.join(REPO_ROOT, word)));
}

interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
  suppressions?: Array<{ justification?: string }>;
}

describe('self-lint: LeakLint on its own source', function () {
  this.timeout(300_000);

  it('finds nothing, and every suppression says why', () => {
    const args = lintSelfArguments();
    const run = runLeaklint(['--format', 'sarif', ...args], REPO_ROOT);
    assert.equal(run.stderr, '');
    const results = (JSON.parse(run.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
    const where = (result: SarifResult) =>
      `${result.locations[0].physicalLocation.artifactLocation.uri}:${result.locations[0].physicalLocation.region.startLine} ${result.ruleId}: ${result.message.text}`;
    const active = results.filter((result) => !result.suppressions);
    assert.deepEqual(active.map(where), [], 'findings in LeakLint\'s own code');
    const unexplained = results.filter((result) => result.suppressions?.some((suppression) => !suppression.justification?.trim()));
    assert.deepEqual(unexplained.map(where), [], 'suppressions without a reason after " -- "');
    assert.equal(run.status, 0);
    const suppressed = results.length - active.length;
    console.log(`      leaklint ${args.join(' ')}: no findings; ${suppressed} suppressed with a reason`);
  });
});
