import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../../server/cli/main';
import { makeTempTree } from '../helpers';

const LEAK = 'export function f() { const log = pino(); }\n';

interface SarifLog {
  runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }> }>;
}

/**
 * Report paths never reveal where the scan ran: relative to the current folder for what is
 * inside it, else to the parent of the scanned folder (so the folder's name stays), never
 * absolute and never climbing with `..`.
 */
describe('security: paths in JSON and SARIF reports', function () {
  this.timeout(60_000);
  let tree: ReturnType<typeof makeTempTree>;
  let cwd: string;

  before(() => {
    tree = makeTempTree({
      'work/.git/HEAD': 'ref: refs/heads/main\n',
      'work/src/a.ts': LEAK,
      'elsewhere/lib/b.ts': LEAK,
      'elsewhere/c.ts': LEAK,
    });
    cwd = path.join(tree.dir, 'work');
  });
  after(() => tree.remove());

  const cases: Array<{ about: string; args: () => string[]; paths: string[] }> = [
    { about: 'a folder inside the current folder', args: () => ['src'], paths: ['src/a.ts'] },
    { about: 'the same folder given as an absolute path', args: () => [path.join(cwd, 'src')], paths: ['src/a.ts'] },
    { about: 'a folder outside the current folder', args: () => ['../elsewhere/lib'], paths: ['lib/b.ts'] },
    { about: 'a folder outside, given as an absolute path', args: () => [path.join(tree.dir, 'elsewhere')], paths: ['elsewhere/c.ts', 'elsewhere/lib/b.ts'] },
    { about: 'a single file outside the current folder', args: () => ['../elsewhere/c.ts'], paths: ['c.ts'] },
  ];

  // In-process: the paths are made by runCli itself, and ten CLI start-ups would only add time.
  const run = (args: string[]) => {
    let stdout = '';
    const status = runCli(args, { cwd, stdout: (text) => void (stdout += text), stderr: (text) => assert.fail(text), isTTY: false });
    return { status, stdout };
  };

  for (const { about, args, paths } of cases) {
    it(`${about}: relative paths with / separators, nothing of the absolute path`, () => {
      const json = run(['--format', 'json', ...args()]);
      assert.equal(json.status, 0);
      assert.deepEqual((JSON.parse(json.stdout) as Array<{ filePath: string }>).map((file) => file.filePath), paths);
      const sarif = run(['--format', 'sarif', ...args()]);
      const locations = (JSON.parse(sarif.stdout) as SarifLog).runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation);
      assert.deepEqual(locations.map((location) => location.uri), paths);
      assert.ok(locations.every((location) => location.uriBaseId === '%SRCROOT%'));
      for (const output of [json.stdout, sarif.stdout]) {
        assert.ok(!output.includes(tree.dir), 'the absolute location of the scan does not appear');
        assert.ok(!/"(filePath|uri)": "(\/|\.\.|[A-Za-z]:)/.test(output), 'no path is absolute or climbs out');
      }
    });
  }
});
