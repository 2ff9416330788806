/** Tests run our built nodes (dist/) inside n8n-core against the local sandbox. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 60000,
	// n8n-core keeps timers and DI singletons; one worker keeps the 2-core machine predictable.
	maxWorkers: 1,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
