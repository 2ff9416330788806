// After each failed suite: the tail of its n8n log (kept in a file, see logToFile.ts).
// At the end, just above jest's own summary: the tests per project (unit, each runtime's engine suites,
// end to end) and a plain "N passed, N failed" line.
const { existsSync, readFileSync, writeSync } = require('node:fs');

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
		// Per project (unit, each runtime's engine suites, end to end): what ran where.
		const projects = new Map();
		for (const suite of results.testResults) {
			const name = typeof suite.displayName === 'string' ? suite.displayName : (suite.displayName?.name ?? 'tests');
			const counts = projects.get(name) ?? { suites: 0, passed: 0, failed: 0 };
			counts.suites += 1;
			counts.passed += suite.numPassingTests;
			counts.failed += suite.numFailingTests;
			projects.set(name, counts);
		}
		const perProject = [...projects].map(([name, counts]) => `  ${name}: ${counts.suites} suites, ${counts.passed} passed, ${counts.failed} failed`);
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
		// Written at once: with --forceExit, a write left to an 'exit' handler never reached the output.
		writeSync(1, `\nTests per project:\n${perProject.join('\n')}\n${line}\n`);
	}
}
module.exports = SummaryReporter;
