// Ends the test output with the plain "N passed, N failed" line CI reads,
// after jest's own summary (hence on exit).
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
		process.once('exit', () => process.stdout.write(`\n${line}\n`));
	}
}
module.exports = SummaryReporter;
