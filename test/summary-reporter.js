// After each failed suite: the tail of its n8n log (kept in a file, see logToFile.ts).
// At the very end: the plain "N passed, N failed" line CI reads, after jest's own summary (hence on exit).
const { existsSync, readFileSync } = require('node:fs');

const { suiteLogFile } = require('./logFiles');

const TAIL_LINES = 40;

class SummaryReporter {
	onTestResult(test, result) {
		if (result.numFailingTests === 0 && !result.testExecError) return;
		const file = suiteLogFile(result.testFilePath, test.context?.config?.globals?.N8N_RUNTIME);
		if (!existsSync(file)) return;
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean);
		if (lines.length === 0) return;
		process.stdout.write(`\nn8n's log of this failed suite (last ${Math.min(TAIL_LINES, lines.length)} of ${lines.length} lines; whole log: ${file}):\n${lines.slice(-TAIL_LINES).join('\n')}\n`);
	}

	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
		process.once('exit', () => process.stdout.write(`\n${line}\n`));
	}
}
module.exports = SummaryReporter;
