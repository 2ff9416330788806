/*
 * n8n's logger (and anything else that writes through console.log, warn,
 * error or debug) goes to a file per suite and runtime, not into the test
 * output: `npm test` shows the results and the failures. The summary
 * reporter prints a failed suite's log. Tests print their figures with
 * console.info, which stays in the output.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

import { suiteLogFile } from './logFiles';

const file = suiteLogFile(expect.getState().testPath ?? 'unknown', (globalThis as { N8N_RUNTIME?: string }).N8N_RUNTIME);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, '');
for (const level of ['log', 'warn', 'error', 'debug'] as const) {
	console[level] = (...args: unknown[]) => appendFileSync(file, `[${level}] ${format(...args)}\n`);
}
// In the engine suites n8n's own logger writes to the same file through its file transport: its console
// transport, made once per suite, went into jest's output. Not in the end-to-end suites: the n8n processes they
// start inherit this environment, and the tests read those processes' output.
if ((globalThis as { N8N_RUNTIME?: string }).N8N_RUNTIME) {
	process.env.N8N_LOG_OUTPUT = 'file';
	process.env.N8N_LOG_FILE_LOCATION = file;
}
