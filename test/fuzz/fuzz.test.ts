import { describeSummary, runFuzz } from './run';

/** A short, fixed-seed run; `npm run fuzz` runs the long one with a fresh seed. */
const SEED = 20250701;

describe('fuzzing the engine and every rule (fast-check)', function () {
  this.timeout(120_000);

  it('never throws, keeps ranges inside the file, and fixes parse and are idempotent', () => {
    const summary = runFuzz({ seed: SEED, programs: 150, mutated: 150 });
    console.log(`      ${describeSummary(summary)}`);
  });
});
