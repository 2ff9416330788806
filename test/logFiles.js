// Where a suite's n8n log goes (shared by the setup file and the summary reporter, which jest loads as plain JavaScript).
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function suiteLogFile(testPath, runtime) {
	const name = path.relative(ROOT, testPath).replace(/[\\/]/g, '__');
	return path.join(ROOT, 'test-results', 'logs', `${name}${runtime ? `.n8n-${runtime}` : ''}.log`);
}

module.exports = { suiteLogFile };
