import * as assert from 'node:assert/strict';
import { makeTempTree } from '../helpers';
import { describeSoak, HEAP_GROWTH_LIMIT, mb, perDocumentState, runSoak } from './soak';

/** The full run (5,000 cycles) is `npm run soak`; this one is short enough for `npm test`. */
const SHORT = { cycles: 250, baselineCycles: 100, documents: 50, window: 5, seed: 7 };

describe('soak: the language server does not leak', function () {
  this.timeout(300_000);

  it(`keeps its heap and per-document state flat over ${SHORT.cycles} open/edit/code action/close cycles`, async function () {
    if (process.platform === 'win32') this.skip(); // The heap probe is signalled with SIGUSR2.
    const tree = makeTempTree({ '.git/HEAD': 'ref: refs/heads/main\n' });
    try {
      const figures = await runSoak({ folder: tree.dir, ...SHORT });
      console.log(`      ${describeSoak(figures)}`);
      console.log(`      per-document state at the end: ${JSON.stringify(perDocumentState(figures.stateAtEnd))}`);
      assert.ok(figures.diagnostics > 0 && figures.codeActions > 0, 'the documents produced diagnostics and code actions');
      for (const [name, count] of Object.entries(perDocumentState(figures.stateAtEnd))) {
        assert.equal(count, 0, `${name} must be empty with every document closed`);
      }
      assert.ok(figures.heapAtEnd - figures.heapAtBaseline < HEAP_GROWTH_LIMIT,
        `heap grew by ${mb(figures.heapAtEnd - figures.heapAtBaseline)} (limit ${mb(HEAP_GROWTH_LIMIT)})`);
    } finally {
      tree.remove();
    }
  });
});
