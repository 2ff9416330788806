/*
 * One pace per credential, shared by the runs of one n8n process, through
 * n8n-core and the sandbox: the strictest pace holds in every window the API
 * counts while runs start, end, join mid-run and wait out a 429; and
 * processes that cannot see each other (queue-mode workers) settle under the
 * account's limit. Counts of requests, never durations.
 */
import type { IDataObject } from 'n8n-workflow';

import type { JournalEntry } from './sandbox/types';
import { jsonOf, NODE, sandboxCredentials, useTestBed } from './setup';

jest.setTimeout(240_000);

const bed = useTestBed();

afterEach(() => {
	bed.sandbox.injectFaults(undefined);
	bed.sandbox.latencyMs = 0;
	bed.engine.setCredentials(sandboxCredentials(bed.sandbox));
});

/**
 * RD conversions on the API-key credential `credentialId` (each test has its
 * own: a pace stays in force a minute after its run, and one learned from
 * 429s ten minutes).
 */
const conversions = (credentialId: string, requestsPerMinute: number, prefix: string) => ({
	type: NODE.rdStation,
	continueOnFail: true,
	credentialId,
	parameters: { resource: 'conversion', operation: 'create', conversionIdentifier: prefix, email: '={{ $json.email }}', requestOptions: { requestsPerMinute } },
});
const emails = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com` }));
const identifierOf = (entry: JournalEntry) => String((entry.body as { payload: IDataObject }).payload.conversion_identifier);

/** The most requests the sandbox answered in any sliding window of `windowMs` (as its limiter counts them). */
function mostInAnyWindow(entries: JournalEntry[], windowMs: number): number {
	const times = entries.map((entry) => entry.at).sort((a, b) => a - b);
	let most = 0;
	for (let first = 0, last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/** What the sandbox saw of RD since `before`: every request, the 429s, and each window's peak. */
function seen(before: number, windowMs: number) {
	const sent = bed.sandbox.requests('rdstation').slice(before);
	return { sent, limited: sent.filter((entry) => entry.status === 429), peak: mostInAnyWindow(sent, windowMs) };
}

const failedOf = (...results: Array<{ items: Array<{ json: IDataObject }> }>) => results.flatMap((result) => jsonOf(result.items)).filter((json) => json.error);

describe('one pace per credential, shared by the runs using it', () => {
	// RD counts 600 per minute here as 100 per sliding 10 s (a shorter window than RD's minute keeps the tests short).
	const limit = { requests: 100, windowMs: 10_000 };

	test('two executions at once, 600/min and 60,000/min, 100 items each: ≤ 100 in every 10 s, no 429, none fails', async () => {
		bed.sandbox.injectFaults({ providers: ['rdstation'], rateLimit: limit });
		const before = bed.sandbox.requests('rdstation').length;
		const [strict, lenient] = await Promise.all([
			bed.engine.runNode(conversions('pace-two-runs', 600, 'strict'), emails('strict', 100)),
			bed.engine.runNode(conversions('pace-two-runs', 60_000, 'lenient'), emails('lenient', 100)),
		]);
		const { sent, limited, peak } = seen(before, limit.windowMs);
		console.info(`Two runs (600 + 60,000/min, 100 items each, limit 100 per 10 s): ${sent.length} requests, peak ${peak} in any 10 s, ${limited.length} × 429`);
		expect(failedOf(strict, lenient)).toEqual([]);
		expect(sent.length).toBe(200);
		expect(limited.length).toBe(0);
		expect(peak).toBeLessThanOrEqual(100);
	});

	test('a 600/min execution joining a 60,000/min one mid-run counts the requests already sent: no 429, none fails', async () => {
		bed.sandbox.injectFaults({ providers: ['rdstation'], rateLimit: limit });
		// 10 at once and 100 ms per answer: the lenient run alone sends about 100 a second.
		bed.sandbox.latencyMs = 100;
		const before = bed.sandbox.requests('rdstation').length;
		const lenient = bed.engine.runNode(conversions('pace-join', 60_000, 'early'), emails('early', 80));
		// The strict run joins once 40 of the lenient run's requests have arrived.
		while (bed.sandbox.arrivals.filter((entry) => (entry.body as { payload?: IDataObject }).payload?.conversion_identifier === 'early').length < 40) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		const strict = await bed.engine.runNode(conversions('pace-join', 600, 'joined'), emails('joined', 80));
		const { sent, limited, peak } = seen(before, limit.windowMs);
		const earlyBeforeJoin = sent.findIndex((entry) => identifierOf(entry) === 'joined');
		console.info(`Joining mid-run (limit 100 per 10 s): ${earlyBeforeJoin} lenient requests answered before the strict run's first, ${sent.length} in all, peak ${peak} in any 10 s, ${limited.length} × 429`);
		expect(failedOf(await lenient, strict)).toEqual([]);
		expect(sent.length).toBe(160);
		expect(limited.length).toBe(0);
		expect(peak).toBeLessThanOrEqual(100);
	});

	test('a 429 waited out while two executions share the pace: only that 429, ≤ 100 in every 10 s, none fails', async () => {
		bed.sandbox.injectFaults({ providers: ['rdstation'], rateLimit: limit });
		// Another process on the account (unseen here) met the limit: RD answers one request of ours 429, Retry-After 2 s.
		bed.sandbox.script({
			provider: 'rdstation',
			method: 'POST',
			status: 429,
			headers: { 'retry-after': '2' },
			body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests' } },
			match: (body) => (body as { payload?: IDataObject }).payload?.email === 'waited30@example.com',
		});
		const before = bed.sandbox.requests('rdstation').length;
		const [strict, lenient] = await Promise.all([
			bed.engine.runNode(conversions('pace-429', 600, 'waited'), emails('waited', 100)),
			bed.engine.runNode(conversions('pace-429', 60_000, 'alongside'), emails('alongside', 100)),
		]);
		const { sent, limited, peak } = seen(before, limit.windowMs);
		console.info(`A 429 waited out (limit 100 per 10 s): ${sent.length} requests, peak ${peak} in any 10 s, ${limited.length} × 429`);
		expect(failedOf(strict, lenient)).toEqual([]);
		expect(limited.map((entry) => (entry.body as { payload: IDataObject }).payload.email)).toEqual(['waited30@example.com']);
		expect(sent.length).toBe(201);
		expect(peak).toBeLessThanOrEqual(100);
	});

	test('two processes that cannot see each other (queue-mode workers) settle together under the account’s limit', async () => {
		// Two pacers, as in two n8n workers (pacers are per credential: two ids here), on one RD key.
		bed.sandbox.injectFaults({ providers: ['rdstation'], rateLimit: { requests: 30, windowMs: 3000 } });
		const worker = (credentialId: string, prefix: string) =>
			// Each "worker" is configured with the account's whole limit (600/min), unaware of the other.
			bed.engine.runNode(conversions(credentialId, 600, prefix), emails(prefix, 150));
		const before = bed.sandbox.requests('rdstation').length;
		const started = Date.now();
		const results = await Promise.all([worker('worker-a', 'wa'), worker('worker-b', 'wb')]);
		const elapsed = Date.now() - started;
		// Attempts (429s included) in any 3-second window: the limit, plus the few 429s of each episode.
		const { limited, peak } = seen(before, 3000);
		console.info(`Two workers, one key (limit 30 per 3 s): ${elapsed} ms for 300 (ideal 30000), ${limited.length} × 429, peak ${peak} attempts in any 3 s`);
		expect(failedOf(...results)).toEqual([]);
		expect(limited.length).toBeLessThanOrEqual(20);
		expect(peak).toBeLessThanOrEqual(33);
	});

	test('Requests per Minute 0 is unpaced for RD too', async () => {
		bed.sandbox.latencyMs = 200;
		bed.sandbox.maxInFlight = 0;
		const { items } = await bed.engine.runNode(conversions('pace-none', 0, 'unpaced'), emails('unpaced', 30));
		expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
		// Paced at RD's 120/min, one request would start every 500 ms and never overlap a 200 ms answer: here Concurrency (10) overlap.
		expect(bed.sandbox.maxInFlight).toBe(10);
	});
});
