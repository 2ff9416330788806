/*
 * `npm run start:queue`: `npm start` in queue mode, as teams scale n8n out.
 * Redis and PostgreSQL from Debian's packages (installed when missing) run
 * as child processes on loopback with their data in .n8n-runtime/queue; a
 * main n8n and two workers share one encryption key, each with this package
 * installed from its packed tarball in its own user folder; the sandbox,
 * its credentials, the example workflows and an active webhook workflow that
 * records posted rows in Nexor and RD Station. Ctrl-C stops everything.
 */
import path from 'node:path';

import { PACKAGE_ROOT } from '../test/harness/engine';
import { OWNER, packPackage } from '../test/runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../test/runtime/n8nRuntime';
import { exampleWorkflows } from '../test/runtime/fixtures';
import type { QueueStack } from '../test/runtime/queueStack';
import { QUEUE_WEBHOOK_PATH, startQueueStack } from '../test/runtime/queueScenario';
import { SANDBOX_KEYS, startSandbox } from '../test/sandbox/server';

const WORKERS = Number(process.env.N8N_WORKERS ?? 2);
/** RD Station's documented limit for conversions with the API key. */
const RD_PER_MINUTE = 120;

async function main() {
	const sandbox = await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 5680) });
	console.log(`Sandbox of the Nexor, Nateq and RD Station APIs: ${sandbox.url}`);
	const runtime = await ensureRuntime(chosenRuntime());

	const running: { stack?: QueueStack } = {};
	let starting = true;
	let stopping = false;
	const stop = async (code = 0) => {
		// Ctrl-C while starting: stopped once the stack is up (its start has deadlines), so nothing is left running.
		if (stopping || starting) {
			stopping = true;
			return;
		}
		stopping = true;
		console.log('\nStopping n8n (main and workers), Redis, PostgreSQL and the sandbox…');
		await running.stack?.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	console.log(`Starting Redis, PostgreSQL, n8n ${runtime.version} (main) and ${WORKERS} workers, with this package from its packed tarball in each…`);
	const stack = await startQueueStack(runtime, path.join(PACKAGE_ROOT, '.n8n-runtime', 'queue'), await packPackage(), sandbox, {
		workers: WORKERS,
		rdRequestsPerMinute: Math.floor(RD_PER_MINUTE / WORKERS),
		port: Number(process.env.N8N_PORT ?? 5678),
		workflows: exampleWorkflows().map((workflow) => ({ ...workflow, file: undefined })),
	});
	running.stack = stack;
	starting = false;
	if (stopping) {
		stopping = false;
		await stop();
		return;
	}

	const rows = JSON.stringify({ rows: [{ name: 'Ada', email: 'ada@example.com' }] });
	console.log('');
	console.log(`n8n ${runtime.version} is running in queue mode with n8n-nodes-lead-conversions installed on the main and every worker:`);
	console.log(`  Open      ${stack.main.url}`);
	console.log(`  Log in    ${OWNER.email} / ${OWNER.password}`);
	console.log(`  Workers   ${WORKERS} (n8n worker), Redis and PostgreSQL on loopback, data in .n8n-runtime/queue`);
	console.log(`  Webhook   "Queue mode: leads to Nexor and RD Station" is active; each post is one execution on a worker:`);
	console.log(`            curl -X POST ${stack.main.url}/webhook/${QUEUE_WEBHOOK_PATH} -H 'content-type: application/json' -d '${rows}'`);
	console.log(`            RD's Requests per Minute there is ${RD_PER_MINUTE} ÷ ${WORKERS} workers = ${Math.floor(RD_PER_MINUTE / WORKERS)}.`);
	console.log(`  Sandbox   ${sandbox.url}  (keys: Nexor ${SANDBOX_KEYS.nexor}, Nateq ${SANDBOX_KEYS.nateq}, RD ${SANDBOX_KEYS.rdstation})`);
	console.log('Press Ctrl-C to stop everything.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
