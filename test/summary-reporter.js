// After each failed suite: the tail of its n8n log (kept in a file, see logToFile.ts).
// At the end, just above jest's own summary: the tests and the wall time per project (unit, each runtime's
// engine suites, end to end; suites run one at a time, so a project's time is the sum of its suites'), the
// slowest suites (where the budget goes), and a plain "N passed, N failed" line.
const { existsSync, readFileSync, writeSync } = require('node:fs');

const { suiteLogFile } = require('./logFiles');

const TAIL_LINES = 40;
const SLOWEST = 5;

const minutes = (ms) => `${Math.floor(ms / 60000)} min ${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')} s`;

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
		const suites = [];
		for (const suite of results.testResults) {
			const name = typeof suite.displayName === 'string' ? suite.displayName : (suite.displayName?.name ?? 'tests');
			const counts = projects.get(name) ?? { suites: 0, passed: 0, failed: 0, ms: 0 };
			const ms = Math.max(0, (suite.perfStats?.end ?? 0) - (suite.perfStats?.start ?? 0));
			counts.suites += 1;
			counts.passed += suite.numPassingTests;
			counts.failed += suite.numFailingTests;
			counts.ms += ms;
			projects.set(name, counts);
			suites.push({ name: `${name} ${suite.testFilePath.replace(process.cwd() + '/', '')}`, ms });
		}
		const perProject = [...projects].map(
			([name, counts]) => `  ${name}: ${counts.suites} suites, ${counts.passed} passed, ${counts.failed} failed, ${minutes(counts.ms)}`,
		);
		const slowest = suites
			.sort((a, b) => b.ms - a.ms)
			.slice(0, SLOWEST)
			.map(({ name, ms }) => `  ${minutes(ms)}  ${name}`);
		const wall = Date.now() - results.startTime;
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}; jest ${minutes(wall)}`;
		// Written at once: with --forceExit, a write left to an 'exit' handler never reached the output.
		writeSync(1, `\nTests per project:\n${perProject.join('\n')}\nSlowest suites:\n${slowest.join('\n')}\n${line}\n`);
	}
}
module.exports = SummaryReporter;
