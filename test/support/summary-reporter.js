// Mocha's spec output, closed by the plain line CI reads: "N passed, N failed, N skipped".
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      // Printed after Spec's epilogue so it is the last line of the run.
      process.nextTick(() => console.log(`${s.passes || 0} passed, ${s.failures || 0} failed, ${s.pending || 0} skipped`));
    });
  }
}
module.exports = SummaryReporter;
