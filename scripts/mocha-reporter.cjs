// Mocha's spec reporter, closing with a plain "mocha: N passed, N failed, N skipped" line: CI
// tallies that form of line across suites, and mocha's own "N passing" line is not read as one.
'use strict';
const Mocha = require('mocha');

class SpecWithTally extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`mocha: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithTally;
