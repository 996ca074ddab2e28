/** Ends the run with one plain line, `jest: N passed, N failed, N skipped`, that CI logs can be read by. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // At exit, so it is the run's closing line, after jest's own summary.
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
