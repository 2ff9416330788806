/*
 * n8n 2.x in queue mode, as teams scale it out: Redis and Postgres (Debian's
 * packages, child processes on loopback), a main process and two workers,
 * each with our packed tarball in its own user folder. A webhook workflow,
 * activated, is fed executions of 50 rows; every row becomes a Nexor lead
 * and an RD Station conversion (Skip Items Already Sent on both), and the
 * sandbox holds RD to a per-minute limit per key that the node's Requests
 * per Minute does not divide among the workers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage } from '../runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../runtime/n8nRuntime';
import type { QueueStack, Worker } from '../runtime/queueStack';
import { copiesOf, executionError, executions, payloads, post, rdRate, settled, startQueueStack, workerExecutions } from '../runtime/queueScenario';
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
			`${copies.leads} leads (${copies.duplicatedLeads} duplicated), ${copies.conversions} conversions (${copies.duplicatedConversions} duplicated)`,
	);
	const failed = records.filter((execution) => execution.status !== 'success');
	expect(await Promise.all(failed.map(async (execution) => `${execution.id}: ${await executionError(stack, execution.id)}`))).toEqual([]);
	expect(records).toHaveLength(20);
	expect(first).toBeGreaterThan(0);
	expect(second).toBeGreaterThan(0);
	expect(copies).toEqual({ leads: 1000, conversions: 1000, duplicatedLeads: 0, duplicatedConversions: 0 });
	expect(rate.peakAccepted).toBeLessThanOrEqual(LIMIT_PER_MINUTE);
	expect(rate.peakAttempts).toBeLessThanOrEqual(LIMIT_PER_MINUTE + MARGIN);
});

test('a worker killed (SIGKILL) mid-run, its executions posted again: nothing twice, nothing lost', async () => {
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
		`SIGKILL mid-run: killed with ${killedAt.leads} leads and ${killedAt.conversions} conversions recorded, ${cut.size} execution(s) cut and posted again; ` +
			`after: ${copies.leads} leads (${copies.duplicatedLeads} duplicated), ${copies.conversions} conversions (${copies.duplicatedConversions} duplicated)`,
	);
	expect(records.filter((execution) => !before.has(execution.id) && !cut.has(execution.id)).map((execution) => execution.status)).toEqual(
		Array(10).fill('success'),
	);
	expect(copies).toEqual({ leads: 500, conversions: 500, duplicatedLeads: 0, duplicatedConversions: 0 });
});
