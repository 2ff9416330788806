/*
 * n8n 2.x in queue mode, as teams scale it out: Redis and Postgres (Debian's
 * packages, child processes on loopback), a main process and two workers,
 * each with our packed tarball in its own user folder. A webhook workflow,
 * activated, is fed executions of 50 rows; every row becomes a Nexor lead,
 * an RD Station conversion and two Nexor conversions (Skip Items Already
 * Sent on all; one conversion also looked up in Nexor before it is
 * created), and the sandbox holds RD to a per-minute limit per key that the
 * node's Requests per Minute does not divide among the workers.
 *
 * Across workers, n8n's store is best effort (it rewrites one row per node
 * with no lock); the kill-and-re-post test asserts exactly-once where the
 * provider keeps the item's key (the looked-up conversions) and prints how
 * often the store alone missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage } from '../runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../runtime/n8nRuntime';
import type { QueueStack, Worker } from '../runtime/queueStack';
import {
	copiesOf,
	executionError,
	executions,
	MANUAL_WORKFLOW_ID,
	manualWorkflow,
	payloads,
	post,
	rdRate,
	runManually,
	settled,
	startQueueStack,
	workerExecutions,
} from '../runtime/queueScenario';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import { eventually } from './support';

jest.setTimeout(20 * 60_000);

/** RD's limit in this test, per key and per 60 s (RD's own is 120 per minute; higher keeps the test short). */
const LIMIT_PER_MINUTE = 600;
/**
 * Attempts that may exceed the limit in a 60 s window: before the first 429
 * of an episode reaches a worker, each worker's requests already in flight
 * (up to its concurrency, 10) arrive too; at most a few episodes per window.
 */
const MARGIN = 0.1 * LIMIT_PER_MINUTE;

let sandbox: Sandbox;
let stack: QueueStack;
const dataDir = mkdtempSync(path.join(tmpdir(), 'lead-conversions-queue-'));

beforeAll(async () => {
	const tarball = await packPackage();
	const runtime = await ensureRuntime(chosenRuntime());
	sandbox = await startSandbox();
	sandbox.injectFaults({ providers: ['rdstation'], rateLimit: { requests: LIMIT_PER_MINUTE, windowMs: 60_000 } });
	stack = await startQueueStack(runtime, dataDir, tarball, sandbox, {
		workers: 2,
		rdRequestsPerMinute: LIMIT_PER_MINUTE,
		workflows: [manualWorkflow()],
	});
});

afterAll(async () => {
	await stack?.stop();
	await sandbox?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

test('20 executions × 50 rows over two workers: both run them, every record once, 0 failed, RD held to its limit', async () => {
	const since = Date.now();
	const batches = payloads('q', 20, 50);
	for (const rows of batches) await post(stack, rows);
	const records = await settled(stack, 20, 10 * 60_000);
	const elapsedS = (Date.now() - since) / 1000;

	const [first, second] = stack.workers.map((worker) => workerExecutions(worker).finished.length);
	const copies = copiesOf(sandbox, 'q');
	const rate = rdRate(sandbox, since);
	console.info(
		`Queue mode, 2 workers, RD limit ${LIMIT_PER_MINUTE}/min, each worker paced at ${LIMIT_PER_MINUTE}/min: 1,000 rows in ${elapsedS.toFixed(1)} s ` +
			`(ideal ${(1000 / LIMIT_PER_MINUTE) * 60} s); executions per worker ${first} + ${second}; ` +
			`RD: ${rate.attempts} attempts, ${rate.rejected} × 429, peak ${rate.peakAttempts} attempts and ${rate.peakAccepted} accepted in any 60 s; ` +
			`${copies.leads} leads (${copies.duplicatedLeads} duplicated), ${copies.conversions} conversions (${copies.duplicatedConversions} duplicated), ` +
			`Nexor conversions ${copies.lookedUpConversions} looked up (${copies.duplicatedLookedUp} duplicated) and ${copies.storeOnlyConversions} store only (${copies.duplicatedStoreOnly} duplicated)`,
	);
	const failed = records.filter((execution) => execution.status !== 'success');
	expect(await Promise.all(failed.map(async (execution) => `${execution.id}: ${await executionError(stack, execution.id)}`))).toEqual([]);
	expect(records).toHaveLength(20);
	expect(first).toBeGreaterThan(0);
	expect(second).toBeGreaterThan(0);
	// Sent once each: no execution ran twice, so nothing was sent twice.
	expect(copies).toEqual({
		leads: 1000,
		conversions: 1000,
		lookedUpConversions: 1000,
		storeOnlyConversions: 1000,
		duplicatedLeads: 0,
		duplicatedConversions: 0,
		duplicatedLookedUp: 0,
		duplicatedStoreOnly: 0,
	});
	expect(rate.peakAccepted).toBeLessThanOrEqual(LIMIT_PER_MINUTE);
	expect(rate.peakAttempts).toBeLessThanOrEqual(LIMIT_PER_MINUTE + MARGIN);
});

test('a worker killed (SIGKILL) mid-run, its executions posted again: conversions looked up in Nexor exactly once; what the store alone missed, counted', async () => {
	const batches = payloads('k', 10, 50);
	const before = new Set((await executions(stack)).map((execution) => execution.id));
	for (const rows of batches) await post(stack, rows);
	// Killed once sending is under way: some rows of its executions recorded, others not yet.
	await eventually(() => copiesOf(sandbox, 'k').conversions, (count) => count >= 100, 120_000);
	const running = (worker: Worker) => {
		const { started, finished } = workerExecutions(worker);
		return started.filter((id) => !finished.includes(id) && !before.has(id));
	};
	const victim = [...stack.workers].sort((a, b) => running(b).length - running(a).length)[0];
	stack.kill(victim);
	const killedAt = copiesOf(sandbox, 'k');
	const cut = new Set(running(victim));
	expect(cut.size).toBeGreaterThan(0);

	// The rest finish on the other worker; what the killed one had started is posted again, as the source app or the user would.
	await settled(stack, before.size + 10, 10 * 60_000, cut);
	for (const id of cut) {
		const execution = await stack.main.rest<{ data: string }>('GET', `/executions/${id}`);
		const name = /"k-(\d+)-0"/.exec(execution.data)?.[1];
		if (name === undefined) throw new Error(`Execution ${id}'s record does not show its rows`);
		await post(stack, batches[Number(name)]);
	}
	const records = await settled(stack, before.size + 10 + cut.size, 10 * 60_000, cut);

	const copies = copiesOf(sandbox, 'k');
	console.info(
		`SIGKILL mid-run: killed with ${killedAt.leads} leads and ${killedAt.conversions} RD conversions recorded, ${cut.size} execution(s) cut and posted again; after, of 500 rows each: ` +
			`Nexor conversions looked up in Nexor ${copies.lookedUpConversions} (${copies.duplicatedLookedUp} duplicated, ${500 - copies.lookedUpConversions} missing); ` +
			`store only: Nexor conversions ${copies.storeOnlyConversions} (${copies.duplicatedStoreOnly} duplicated, ${500 - copies.storeOnlyConversions} missing), ` +
			`leads ${copies.leads} (${copies.duplicatedLeads} duplicated, ${500 - copies.leads} missing), RD conversions ${copies.conversions} (${copies.duplicatedConversions} duplicated, ${500 - copies.conversions} missing)`,
	);
	expect(records.filter((execution) => !before.has(execution.id) && !cut.has(execution.id)).map((execution) => execution.status)).toEqual(
		Array(10).fill('success'),
	);
	expect({ recorded: copies.lookedUpConversions, duplicated: copies.duplicatedLookedUp }).toEqual({ recorded: 500, duplicated: 0 });
});

/*
 * n8n 3.0 runs every manual execution on a queue-mode worker (2.x: with
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, set on this stack): "Execute
 * workflow" in the editor, as the REST call the editor makes.
 */
describe('manual executions on workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS)', () => {
	const manualLeads = (id: string) => [...sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.first_name).startsWith(`manual-${id}-`));
	const arrived = (id: string) => sandbox.arrivals.filter((entry) => entry.path === '/leads' && String((entry.body as { first_name?: string })?.first_name).startsWith(`manual-${id}-`));
	const status = async (id: string) => (await stack.main.rest<{ status: string }>('GET', `/executions/${id}`)).status;
	const ranOn = (id: string) => stack.workers.filter((worker) => workerExecutions(worker).started.includes(id)).map((worker) => worker.name);

	test('a manual run executes on a worker and records its 300 leads', async () => {
		const id = await runManually(stack, MANUAL_WORKFLOW_ID, 'Start');
		const final = await eventually(async () => await status(id), (value) => !['new', 'running', 'waiting'].includes(value), 180_000);
		console.info(`Manual execution ${id} (queue mode, offloaded): ${final} on ${ranOn(id).join(', ') || 'no worker'}, ${manualLeads(id).length} leads`);
		expect(final).toBe('success');
		expect(ranOn(id)).toHaveLength(1);
		expect(manualLeads(id)).toHaveLength(300);
	});

	test('Stop pressed on a manual run on a worker: it stops there, no new lead is sent after it', async () => {
		sandbox.latencyMs = 100;
		try {
			const id = await runManually(stack, MANUAL_WORKFLOW_ID, 'Start');
			await eventually(() => arrived(id).length, (count) => count >= 20, 120_000);
			await stack.main.rest('POST', `/executions/${id}/stop`);
			const atStop = arrived(id).length;
			const final = await eventually(async () => await status(id), (value) => !['new', 'running', 'waiting'].includes(value), 60_000);
			// Anything still coming would arrive within a few answers' time: wait that long, then count.
			await new Promise((resolve) => setTimeout(resolve, 2000));
			console.info(`Stop on manual execution ${id} on ${ranOn(id).join(', ')}: ${final}; ${atStop} leads sent before Stop, ${arrived(id).length - atStop} after`);
			expect(ranOn(id)).toHaveLength(1);
			expect(final).toBe('canceled');
			// One at a time: at most the request on its way when Stop came.
			expect(arrived(id).length - atStop).toBeLessThanOrEqual(1);
			expect(arrived(id).length).toBeLessThan(300);
		} finally {
			sandbox.latencyMs = 0;
		}
	});
});
