/** @jest-config-loader ts-node */
/*
 * Every suite that drives our nodes through n8n's engine (transport, errors,
 * OAuth2, pacing, Stop, the store) runs once per n8n runtime of the matrix,
 * with that runtime's own n8n-core, n8n-workflow and zod: the package's
 * `require('n8n-workflow')` resolves to the copy users run, as it does inside
 * n8n. `N8N_RUNTIMES=2.30.0,1.123.81 npx jest` narrows the matrix.
 */
import type { Config } from 'jest';

import { matrixRuntimes, runtimeOf } from './test/runtime/n8nRuntime';

const transform: Config['transform'] = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

/** The suites that need no n8n. */
const UNIT = ['**/test/sandbox.test.ts', '**/test/shared.test.ts', '**/test/workflows.test.ts', '**/test/publishing.test.ts'];
/** Real n8n processes (they pick their runtimes themselves). */
const E2E = ['**/test/e2e/**/*.test.ts'];


const common = {
	testEnvironment: 'node',
	transform,
	// n8n's logger output goes to a file per suite (test-results/logs), shown when the suite fails.
	setupFilesAfterEnv: ['<rootDir>/test/logToFile.ts'],
};

const config: Config = {
	testTimeout: 60000,
	// Installs the runtimes of the matrix that are missing (the first run only), with one progress line each.
	globalSetup: '<rootDir>/test/globalSetup.ts',
	// One suite at a time per jest process: `npm test` (scripts/test.mjs) runs two, the end-to-end
	// suites beside the engine and unit suites, one core each; two n8n booting at once would slow each
	// other past the browser's and the webhooks' timeouts.
	maxWorkers: 1,
	// Each suite loads a whole n8n-core; the registries of finished suites are not all collected (n8n's modules
	// hold process-wide listeners), so one process running the ~95 suites ran out of heap at 4 GB after 28 min.
	// A memory limit makes jest run the suites in a worker process and replace it once it holds more than this.
	workerIdleMemoryLimit: '1500MB',
	// n8n 1.123's server modules (loaded for its CredentialsTester) leave timers running: jest would wait on them forever.
	forceExit: true,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
	projects: [
		{ ...common, displayName: 'unit', testMatch: UNIT },
		...matrixRuntimes().map((name) => {
			const runtime = runtimeOf(name);
			const from = (module: string) => `${runtime.modules}/${module}`;
			return {
				...common,
				displayName: `engine n8n ${name}`,
				testMatch: ['**/test/**/*.test.ts', '!**/test/e2e/**', ...UNIT.map((file) => `!${file}`)],
				moduleNameMapper: {
					'^n8n-workflow$': from('n8n-workflow'),
					'^n8n-core$': from('n8n-core'),
					'^zod$': from('zod'),
				},
				globals: { N8N_RUNTIME: name },
			};
		}),
		{ ...common, displayName: 'e2e', testMatch: E2E },
	],
};

export default config;
