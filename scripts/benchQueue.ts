/*
 * `npm run bench:queue`: n8n 2.x in queue mode (Redis, PostgreSQL, a main
 * and 1 or 2 workers, this package from its tarball in each), the same rows
 * posted as webhook executions under the same RD limit per key. Prints, per
 * setup, elapsed ÷ ideal (ideal = rows ÷ the limit), 429s, the busiest 60 s,
 * failed executions and duplicated records. Asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage } from '../test/runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../test/runtime/n8nRuntime';
import { copiesOf, executionError, payloads, post, rdRate, settled, startQueueStack, workerExecutions } from '../test/runtime/queueScenario';
import { startSandbox } from '../test/sandbox/server';

const ROWS_PER_EXECUTION = 50;
const EXECUTIONS = Number(process.env.BENCH_QUEUE_EXECUTIONS ?? 24);
const LIMIT_PER_MINUTE = Number(process.env.BENCH_QUEUE_PER_MINUTE ?? 600);

interface Setup {
	label: string;
	workers: number;
	rdRequestsPerMinute: number;
}

const SETUPS: Setup[] = [
	{ label: '1 worker, Requests per Minute = limit', workers: 1, rdRequestsPerMinute: LIMIT_PER_MINUTE },
	{ label: '2 workers, Requests per Minute = limit (not divided)', workers: 2, rdRequestsPerMinute: LIMIT_PER_MINUTE },
	{ label: '2 workers, Requests per Minute = limit ÷ 2', workers: 2, rdRequestsPerMinute: LIMIT_PER_MINUTE / 2 },
];

async function measure(setup: Setup, tarball: string) {
	const runtime = await ensureRuntime(chosenRuntime());
	const sandbox = await startSandbox();
	sandbox.injectFaults({ providers: ['rdstation'], rateLimit: { requests: LIMIT_PER_MINUTE, windowMs: 60_000 } });
	const dataDir = mkdtempSync(path.join(tmpdir(), 'lead-conversions-bench-queue-'));
	const stack = await startQueueStack(runtime, dataDir, tarball, sandbox, setup);
	try {
		const rows = EXECUTIONS * ROWS_PER_EXECUTION;
		const since = Date.now();
		for (const batch of payloads('b', EXECUTIONS, ROWS_PER_EXECUTION)) await post(stack, batch);
		const records = await settled(stack, EXECUTIONS, 30 * 60_000);
		const elapsedS = (Date.now() - since) / 1000;
		const idealS = (rows / LIMIT_PER_MINUTE) * 60;
		const copies = copiesOf(sandbox, 'b');
		const rate = rdRate(sandbox, since);
		for (const failed of records.filter((execution) => execution.status !== 'success')) {
			console.log(`  execution ${failed.id} ${failed.status}: ${await executionError(stack, failed.id)}`);
		}
		return {
			setup: setup.label,
			rows,
			elapsedS: elapsedS.toFixed(1),
			idealS: idealS.toFixed(0),
			'elapsed ÷ ideal': (elapsedS / idealS).toFixed(2),
			'429s': rate.rejected,
			'peak attempts / 60 s': rate.peakAttempts,
			'peak accepted / 60 s': rate.peakAccepted,
			'executions per worker': stack.workers.map((worker) => workerExecutions(worker).finished.length).join(' + '),
			'failed executions': records.filter((execution) => execution.status !== 'success').length,
			'missing records': 2 * rows - copies.leads - copies.conversions,
			'duplicated records': copies.duplicatedLeads + copies.duplicatedConversions,
		};
	} finally {
		await stack.stop();
		await sandbox.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function main() {
	console.log(
		`Queue mode, n8n 2.x: ${EXECUTIONS} webhook executions × ${ROWS_PER_EXECUTION} rows, each row a Nexor lead and an RD conversion (API key, one request each); ` +
			`the sandbox limits RD to ${LIMIT_PER_MINUTE} per 60 s per key.`,
	);
	const tarball = await packPackage();
	const results = [];
	for (const setup of SETUPS) {
		console.log(`… ${setup.label}`);
		results.push(await measure(setup, tarball));
	}
	console.table(results);
	console.log('Target: 2 workers within 1.2× of the ideal, 0 failed, 0 duplicated (with Requests per Minute not divided, the workers converge on the limit from 429s).');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
